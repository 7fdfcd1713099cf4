"""Translation coverage: which Chinese strings the English pages show, and which have no English yet.

Measured from the render itself (every string the templates pass through `tr()` on an English
page), so the report cannot drift from what a reader sees. Strings kept in other catalogs
(indicator and region names, titles) are required by their schemas; the issuer's English name
is optional in seeds/reports.yaml, so it is counted here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import render
from .schema import Problem

TRANSLATIONS_FILE = "data/translations.yaml"


@dataclass
class Missing:
    text: str
    what: str  # "section heading", "figure name", "issuer" ...
    where: str  # the first source line showing it, e.g. "line 12 of seeds/x.txt"


@dataclass
class Coverage:
    report_id: str
    total: int = 0
    missing: list[Missing] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * self.translated / self.total

    def summary(self) -> str:
        return (f"translations: {self.report_id}: {self.translated} of {self.total} strings in English "
                f"({self.percent:.1f}%)")


def _describe(record: dict, text: str) -> tuple[str, str]:
    source = record["report"]["source"]
    for figure in sorted(record["figures"], key=lambda f: f["line"]):
        if figure.get("section") == text:
            return "section heading", f"above line {figure['line']} of {source}"
        if figure.get("name_zh") == text:
            return "figure name", f"line {figure['line']} of {source}"
    return "text", source


def coverage(site: render.Site) -> list[Coverage]:
    """Coverage per report, over its report and source pages; pages of no report are counted as 'site'."""
    renderer = render.Renderer(site)
    render.render_site(site, renderer)
    results = {record["report"]["id"]: Coverage(record["report"]["id"]) for record in site.reports}
    other = Coverage("site")
    for page, used in sorted(renderer.translations_used.items()):
        parts = page.split("/")
        record = site.report_by_id.get(parts[1][: -len(".md")]) if len(parts) == 2 and parts[0] in (
            "reports", "sources") else None
        target = results[record["report"]["id"]] if record else other
        seen = {m.text for m in target.missing}
        for text, has_english in used.items():
            target.total += 1
            if not has_english and text not in seen:
                what, where = _describe(record, text) if record else ("text", page)
                target.missing.append(Missing(text, what, where))
                seen.add(text)
    for record in site.reports:
        meta = record["report"]
        if meta.get("issuer_zh"):
            cov = results[meta["id"]]
            cov.total += 1
            if not meta.get("issuer_en"):
                cov.missing.append(Missing(meta["issuer_zh"], "issuer", "issuer_en in seeds/reports.yaml"))
    out = list(results.values())
    if other.total:
        out.append(other)
    return out


def problems(reports: list[Coverage]) -> list[Problem]:
    """One warning per missing string: `check --strict` fails on any gap."""
    found = []
    for cov in reports:
        for item in cov.missing:
            fix_in = "seeds/reports.yaml" if item.what == "issuer" else TRANSLATIONS_FILE
            found.append(Problem(fix_in, 0,
                                 f"no English for {item.what} '{item.text}' (report {cov.report_id}, {item.where}; "
                                 f"expected an entry in {fix_in})", "warning"))
    return found
