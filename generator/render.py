"""The render stage: data records -> Markdown pages in docs/, one template per kind of page.

Every page is rendered twice, Chinese at `x.md` and English at `x.en.md` (mkdocs-static-i18n's
suffix layout), from the same template with `lang` set. Text that comes from a report is
escaped for both Markdown and HTML before it reaches a page, so nothing in a report can
become markup, a link or a script.
"""

from __future__ import annotations

import functools
import html
import multiprocessing
import os
import posixpath
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import chart_blocks, charts, consistency, downloads, files, fmt, links, originals, qr, scorecard, verdict, views
from .catalogs import Catalogs

LANGS = ("zh", "en")
TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"

# What Python-Markdown (with the tables extension) takes back out of a backslash escape; not "~", whose
# backslash it leaves on the page.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


# NUL never reaches a page from its inputs: report texts with one are refused (read.py), YAML has none.
_SECTION_TOKEN = re.compile("\x00rs-section-([0-9]+)\x00")


def lang_path(page_path: str, lang: str) -> str:
    """A page's file in docs/ in one language: x.md in Chinese, x.en.md in English (the suffix layout)."""
    return page_path if lang == "zh" else page_path[: -len(".md")] + ".en.md"


def md_escape(text) -> str:
    """Text safe inside a Markdown table cell or paragraph: HTML-escaped, Markdown-escaped."""
    try:
        return _md_escape_remembered(text)
    except TypeError:  # unhashable: escape it without the memo
        return _md_escape(text)


@functools.lru_cache(maxsize=1 << 16, typed=True)  # names and titles repeat on every row of big tables
def _md_escape_remembered(text) -> str:
    return _md_escape(text)


def _md_escape(text) -> str:
    if text is None:
        return ""
    # quote=False: this is element text, never an attribute (|attr is), and &#x27; would reach the
    # table of contents and heading ids escaped twice ("district&#x27;s", #districtx27s).
    text = html.escape(str(text), quote=False)
    text = text.replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)


@functools.lru_cache(maxsize=1 << 16)
def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for two relative paths under docs/ or the site, on strings alone
    (posixpath.relpath asks the operating system for the working folder on every call)."""
    target_parts = [p for p in target.split("/") if p and p != "."]
    base_parts = [p for p in base.split("/") if p and p != "."]
    common = 0
    while common < min(len(target_parts), len(base_parts)) and target_parts[common] == base_parts[common]:
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


_ESCAPED: dict[str, str] = {}  # attr_escape's memo: names, labels and addresses repeat on every row
_ESCAPED_MAX = 1 << 15
_ESCAPED_LONGEST = 200  # longer text (a source line, a quote) seldom repeats: escaped, not kept


def attr_escape(text) -> str:
    """Text safe in HTML element content and in quoted attribute values."""
    if type(text) is str and len(text) <= _ESCAPED_LONGEST:
        found = _ESCAPED.get(text)
        if found is None:
            if len(_ESCAPED) >= _ESCAPED_MAX:
                _ESCAPED.clear()
            found = _ESCAPED[text] = html.escape(text, quote=True)
        return found
    return html.escape("" if text is None else str(text), quote=True)


@dataclass
class Site:
    """Everything the templates read, computed once per build."""

    catalogs: Catalogs
    reports: list[dict]
    ui: dict[str, dict[str, str]]
    sources: dict[str, list[str]] = field(default_factory=dict)  # report id -> cleaned lines
    site_url: str = ""  # from mkdocs.yml: canonical URLs, QR codes, links.csv (links.py)
    notes_of_record: Callable[[dict], list] | None = None  # consistency.check_record, or a cache of it
    scorecard_memo: Callable | None = None  # a cache of each region's scorecard.link_region

    def __post_init__(self):
        self.report_by_id = {r["report"]["id"]: r for r in self.reports}
        self.figures_by_indicator: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
        self.reports_by_region: dict[str, list[dict]] = defaultdict(list)
        # indicator -> region -> its figures there: what an indicator page shows, region by region
        self.figures_by_indicator_region: dict[str, dict[str, list[tuple[dict, dict]]]] = defaultdict(dict)
        # indicator -> ids of the reports with a figure of it, each once (the page cache's keys)
        self.report_ids_by_indicator: dict[str, list[str]] = defaultdict(list)
        for record in self.reports:
            region, rid = record["report"]["region"], record["report"]["id"]
            self.reports_by_region[region].append(record)
            for figure in record["figures"]:
                indicator = figure.get("indicator")
                if indicator:
                    pair = (record, figure)
                    self.figures_by_indicator[indicator].append(pair)
                    by_region = self.figures_by_indicator_region[indicator]
                    if region in by_region:
                        found = by_region[region]
                        if found[-1][0] is not record:  # (a record's figures of an indicator come together)
                            self.report_ids_by_indicator[indicator].append(rid)
                        found.append(pair)
                    else:
                        by_region[region] = [pair]
                        self.report_ids_by_indicator[indicator].append(rid)
        self.used_regions = self._regions_with_reports()
        # Goals against results, and the reports' own arithmetic, computed once for every page.
        self.scorecard = scorecard.Scorecard.build(self.reports, self.catalogs, self.scorecard_memo)
        self.notes = consistency.check(self.reports, self.notes_of_record or consistency.check_record)

    def _regions_with_reports(self) -> list[dict]:
        """Regions that have reports, plus their ancestors, so region pages form a tree."""
        wanted = set()
        for region_id in self.reports_by_region:
            region = self.catalogs.region(region_id)
            while region:
                wanted.add(region["id"])
                region = self.catalogs.region(region.get("parent") or "")
        ordered = [r for r in self.catalogs.regions if r["id"] in wanted]
        listed = {r["id"] for r in ordered}
        return ordered + [self.catalogs.region(rid) for rid in sorted(wanted - listed)]


_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]+")


def _zh_marked(text: str) -> str:
    """Escaped text with its Chinese runs in lang="zh" (a basis quotes the report's words in English)."""
    out, at = [], 0
    for match in _CJK_RUN.finditer(text):
        out.append(attr_escape(text[at:match.start()]))
        out.append(f'<span lang="zh">{attr_escape(match.group())}</span>')
        at = match.end()
    out.append(attr_escape(text[at:]))
    return "".join(out)


class Renderer:
    def __init__(self, site: Site):
        self.site = site
        self.page_cache = None  # an incremental.PageCache when build.generate renders with caching
        self.sections_kept = self.sections_made = 0  # page sections (`section`) taken as they were, made
        # The sections of the page being rendered, by file: (key, bytes, start, end, English looked up)
        # for each _SectionToken the page holds (see `section`), and where they went (`_spliced`).
        self._sections: dict[str, list[tuple[str, bytes, int, int, dict]]] = {}
        self._section_places: list[tuple[str, str, int, int, dict]] = []
        self.progress = None  # build.generate's progress display: progress(iterable, stage, total=)
        # page path -> {Chinese text: has English}, filled by tr() on English pages (translation coverage).
        self.translations_used: dict[str, dict[str, bool]] = defaultdict(dict)
        self.values: dict[str, dict[int, tuple[dict, str]]] = {lang: {} for lang in LANGS}  # _HtmlHelpers.value
        self.line_labels: dict[str, dict[int, str]] = {lang: {} for lang in LANGS}  # "line 12", escaped
        # What both language versions of the page being rendered share (_HtmlHelpers.shared).
        self.page_memo: dict[int, tuple[object, object]] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=False,  # output is Markdown; values are escaped explicitly with |md
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Templates are part of the code: a build need not stat them at every import and include.
            auto_reload=False,
        )
        self.env.filters["md"] = md_escape
        self.env.filters["attr"] = attr_escape
        # Catalog names are lowercase ("gross regional product"); a heading starts with a capital.
        # Not |capitalize, which would lowercase the rest (GDP, R&D).
        self.env.filters["ucfirst"] = lambda text: text[:1].upper() + text[1:] if text else text
        self.env.globals["fmt"] = fmt
        self.env.globals["bool"] = bool
        self.env.globals["views"] = views  # scorecard, history and chart blocks (generator/views.py)
        self.env.globals["chart_blocks"] = chart_blocks  # charts with their tables (generator/chart_blocks.py)
        self.env.globals["verdict"] = verdict  # the verdict strip of report pages (generator/verdict.py)
        self.env.globals["qr_svg"] = qr.svg
        self.env.globals["link_rows"] = links.rows

    # ---- language helpers, bound per page ----

    def _helpers(self, lang: str, page_path: str) -> dict:
        site, catalogs = self.site, self.site.catalogs

        def ui(key: str, **kwargs) -> str:
            text = site.ui[key][lang]
            return text.format(**kwargs) if kwargs else text

        def href(target: str) -> str:
            """Relative Markdown link from this page to another page's .md source."""
            target_file, _, anchor = target.partition("#")
            rel = _relpath(target_file, posixpath.dirname(page_path) or ".")
            return rel + (f"#{anchor}" if anchor else "")

        def tr(text_zh: str | None) -> str:
            """A Chinese string in the page's language, escaped; untranslated text is marked, never hidden."""
            if not text_zh:
                return ""
            if lang == "zh":
                return md_escape(text_zh)
            english = catalogs.en(text_zh)
            self.translations_used[page_path][text_zh] = bool(english)
            if english:
                return md_escape(english)
            return (f'<span lang="zh" class="rs-untranslated">{md_escape(text_zh)}</span>'
                    f'<span class="rs-untranslated-mark"> ({ui("not_translated")})</span>')

        def region_name(region_id: str) -> str:
            """A region's name as Markdown text (headings; linked names are written by `h`)."""
            region = catalogs.region(region_id)
            if not region:
                return md_escape(region_id)
            return md_escape(region["name_zh"] if lang == "zh" else region["name_en"])

        def title(record: dict) -> str:
            meta = record["report"]
            return meta["title_zh"] if lang == "zh" else meta["title_en"]

        return {
            "h": _HtmlHelpers(self, lang, page_path),
            "lang": lang, "ui": ui, "href": href, "tr": tr, "region_name": region_name, "title": title,
            "period": lambda text: fmt.period(text, lang), "date": lambda text: fmt.date(text, lang),
            "site": site, "catalogs": catalogs, "page_path": page_path,
            "section": functools.partial(self.section, lang, page_path),
            "canonical": lambda target, in_lang=lang: links.page_url(site.site_url, target, in_lang)
            if site.site_url else "",
        }

    def section(self, lang: str, page_path: str, region_id: str, name: str, make: Callable, *args) -> str:
        """`make(*args)`: a part of a page that shows one region's reports only (an indicator's history
        in one region), kept under the digests of those reports (as a byte range of the page's file in
        docs/: PageCache.kept_section). A page of every region is then made again after one report
        changed from one new section and the others' bytes as they were, not from scratch. English
        text the section looked up is kept with it (translations_used).

        With a page cache, what the template gets is a placeholder: the section's bytes
        go in once the page is rendered (render_uncached), so a kept section is never decoded, copied
        into the page's text and encoded again (an indicator page of a thousand reports is megabytes).
        Filters the template applies around a section therefore see the placeholder, not the text."""
        pages = self.page_cache
        if pages is None:
            return str(make(*args))
        key = pages.section_key(page_path, lang, name, region_id)
        hit = pages.kept_section(page_path, key)
        outer = self.translations_used[page_path]
        if hit is not None:
            data, start, end, used = hit
            outer.update(used)
            self.sections_kept += 1
        else:
            inner = self.translations_used[page_path] = {}
            try:
                text = str(make(*args))
            finally:
                self.translations_used[page_path] = outer
            outer.update(inner)
            used = inner
            self.sections_made += 1
            data = text.encode("utf-8")
            start, end = 0, len(data)
        found = self._sections.setdefault(lang_path(page_path, lang), [])
        found.append((key, data, start, end, used))
        return f"\x00rs-section-{len(found) - 1}\x00"

    def cached(self, template: str, page_path: str, remake: Callable[[], dict] | None = None) -> dict | None:
        """Markers for both language versions, left as they are in docs/, when nothing the page is made
        from changed. `remake()` makes them again, should docs/ change before they are read."""
        if self.page_cache is None:
            return None
        key = self.page_cache.key(template, page_path)
        hit = self.page_cache.get(key, remake)
        if hit is not None:
            self.page_cache.sections_for(page_path, key)
        return hit

    def render(self, template: str, page_path: str, **context) -> dict[str, str]:
        """Both language versions of one page: {'x.md': ..., 'x.en.md': ...}."""
        hit = self.cached(template, page_path, functools.partial(self.remake, template, page_path, lambda: context))
        if hit is not None:
            return hit
        out = self.render_uncached(template, page_path, **context)
        self.store(template, page_path, out)
        return out

    def render_uncached(self, template: str, page_path: str, **context) -> dict[str, str | bytes]:
        """Both language versions of a page, made now: text, or bytes when it has sections (`section`)."""
        out = {}
        self.page_memo = {}
        self._sections, self._section_places = {}, []
        tpl = self.env.get_template(template)
        for lang in LANGS:
            rel = lang_path(page_path, lang)
            text = tpl.render(**self._helpers(lang, page_path), **context)
            sections = self._sections.pop(rel, None)
            out[rel] = self._spliced(rel, text, sections) if sections else text
        return out

    def _spliced(self, rel: str, text: str, sections: list) -> bytes:
        """The page's bytes: its text with each section's bytes where its placeholder is. Where each
        section went is noted for the page cache (store)."""
        pieces, size = [], 0
        for index, part in enumerate(_SECTION_TOKEN.split(text)):
            if index % 2 == 0:
                data = part.encode("utf-8")
                pieces.append(data)
                size += len(data)
            else:
                key, data, start, end, used = sections[int(part)]
                pieces.append(memoryview(data)[start:end])
                self._section_places.append((key, rel, size, size + end - start, used))
                size += end - start
        return b"".join(pieces)

    def remake(self, template: str, page_path: str, context: Callable[[], dict]) -> dict[str, str]:
        """A page left as it was, made again from nothing (its file changed before it was read)."""
        cache, used = self.page_cache, self.translations_used
        # Made whole, without kept sections; its lookups are not counted (a page left as it was has none).
        self.page_cache, self.translations_used = None, defaultdict(dict)
        try:
            return self.render_uncached(template, page_path, **context())
        finally:
            self.page_cache, self.translations_used = cache, used

    def store(self, template: str, page_path: str, out: dict[str, str | bytes]) -> None:
        if self.page_cache is not None:
            key = self.page_cache.key(template, page_path)
            self.page_cache.put(key, out)
            places, self._section_places = self._section_places, []
            self.page_cache.note_sections(page_path, key, places)


@functools.lru_cache(maxsize=1 << 14)
def _url(target: str, page_path: str, lang: str) -> str:
    """The address of `target` (a page's .md path, or a file under docs/, with an optional #anchor)
    relative to the built page, as MkDocs would write it (use_directory_urls; English under en/).

    Pages exist in both languages, so a page links to the other page in its own language; files
    (CSV, JSON) are written once, at the root, so an English page reaches up one more level."""
    target_file, _, anchor = target.partition("#")
    base = links.site_path(page_path, lang)
    if target_file.endswith(".md"):
        dest = links.site_path(target_file, lang)
    elif target_file:
        dest = target_file
    else:  # an anchor on the page itself
        return f"#{anchor}"
    rel = _relpath(dest or ".", base.rstrip("/") or ".")
    if dest.endswith("/") or not dest:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


class _HtmlHelpers:
    """The page helpers for raw HTML blocks (tables, source lines): HTML-escaped text and <a> links
    with the final addresses, since MkDocs does not read these blocks (see `raw` in _macros.j2)."""

    def __init__(self, renderer: Renderer, lang: str, page_path: str):
        self.renderer, self.lang, self.page_path = renderer, lang, page_path
        self.site = renderer.site
        self.catalogs = renderer.site.catalogs
        # This page's escaped address of each source page and link of each indicator, made once: a
        # table has a source link per row, and the line anchor is all that differs.
        self._source_hrefs: dict[str, str] = {}
        self._indicator_links: dict[str, str] = {}
        self._line_labels = renderer.line_labels[lang]

    e = staticmethod(attr_escape)

    def url(self, target: str) -> str:
        return _url(target, self.page_path, self.lang)

    def a(self, target: str, text_html: str) -> str:
        return f'<a href="{attr_escape(self.url(target))}">{text_html}</a>'

    def tr(self, text_zh: str | None) -> str:
        if not text_zh:
            return ""
        if self.lang == "zh":
            return attr_escape(text_zh)
        english = self.catalogs.en(text_zh)
        self.renderer.translations_used[self.page_path][text_zh] = bool(english)
        if english:
            return attr_escape(english)
        mark = self.site.ui["not_translated"][self.lang]
        return (f'<span lang="zh" class="rs-untranslated">{attr_escape(text_zh)}</span>'
                f'<span class="rs-untranslated-mark"> ({attr_escape(mark)})</span>')

    def zh(self, text_zh: str | None) -> str:
        if not text_zh:
            return ""
        return f'<span lang="zh">{attr_escape(text_zh)}</span>' if self.lang == "en" else attr_escape(text_zh)

    def indicator_name(self, figure: dict) -> str:
        indicator_id = figure.get("indicator")
        series = scorecard.series_name(indicator_id)
        if series:  # a series named by its reports, not in the catalog
            return self.tr(series)
        found = self._indicator_links.get(indicator_id) if indicator_id else None
        if found is not None:
            return found
        indicator = self.catalogs.indicator(indicator_id)
        if indicator:
            name = indicator["name_zh"] if self.lang == "zh" else indicator["name_en"]
            found = self._indicator_links[indicator_id] = self.a(f"indicators/{indicator['id']}.md",
                                                                 attr_escape(name))
            return found
        return self.tr(figure["name_zh"])

    def region_name(self, region_id: str | None, link: bool = True) -> str:
        region = self.catalogs.region(region_id or "")
        if not region:
            return attr_escape(region_id or "")
        name = attr_escape(region["name_zh"] if self.lang == "zh" else region["name_en"])
        return self.a(f"regions/{region_id}.md", name) if link else name

    def title(self, record: dict) -> str:
        meta = record["report"]
        return attr_escape(meta["title_zh"] if self.lang == "zh" else meta["title_en"])

    def report_link(self, record: dict) -> str:
        return self.a(f"reports/{record['report']['id']}.md", self.title(record))

    def source_link(self, record: dict, line: int) -> str:
        """"line 12", linked to that line of the report's source page ("line 12, page 3" for a PDF's)."""
        page = originals.page_of(record["report"], line)
        text_html = None if page is None else f"{self.line_label(line)}, {self.ui('page_n', n=page)}"
        return self.line_link(record["report"]["id"], line, text_html)

    def line_link(self, rid: str, line: int, text_html: str | None) -> str:
        """`text_html` (by default "line 12") linked to a line of report `rid`'s source page."""
        if type(line) is not int:  # an anchor that might need escaping: the long way
            if text_html is None:
                text_html = attr_escape(self.site.ui["line_n"][self.lang].format(n=line))
            return self.a(f"sources/{rid}.md#L{line}", text_html)
        href = self._source_hrefs.get(rid)
        if href is None:
            # url("x.md#L5") is url("x.md") + "#L5", and "#L5" needs no escaping.
            href = self._source_hrefs[rid] = attr_escape(self.url(f"sources/{rid}.md"))
        return f'<a href="{href}#L{line}">{self.line_label(line) if text_html is None else text_html}</a>'

    def line_label(self, line: int) -> str:
        """"line 12", escaped; kept per language (every source page labels its lines 1, 2, 3 ...)."""
        label = self._line_labels.get(line)
        if label is None:
            label = self._line_labels[line] = attr_escape(self.site.ui["line_n"][self.lang].format(n=line))
        return label

    # ---- scorecard cells (Python, not Jinja macros: a thousand-report site has ~10^5 of them) ----

    def ui(self, key: str, **kwargs) -> str:
        text = self.site.ui[key][self.lang]
        return attr_escape(text.format(**kwargs) if kwargs else text)

    def status(self, status: str) -> str:
        return self.ui("status_" + status)

    def claim_link(self, claim) -> str:
        return self.source_link(self.site.report_by_id[claim.report], claim.line)

    def target_text(self, tracked) -> str:
        figure = tracked.target.figure
        return (self.ui("plan") + " " if figure["role"] == "plan_total" else "") + self.value(figure)

    def outcome_text(self, pair) -> str:
        if not pair or not pair.outcome:
            return ""
        zh = self.lang == "zh"
        notes = [fmt.period(pair.outcome_period, self.lang)]
        notes += [self.site.ui["estimate_word"][self.lang]] if pair.estimate else []
        notes += [self.site.ui["computed_word"][self.lang]] if pair.computed else []
        text = self.value(pair.outcome.figure)
        if pair.completion_value is not None:
            text += ("，" if zh else ", ") + self.ui("of_plan", pct=charts.rounded(pair.completion_value))
        joined = attr_escape(("，" if zh else ", ").join(notes))
        text += f"（{joined}）" if zh else f" ({joined})"
        if pair.status == "not_comparable":
            text += ("：" if zh else ": ") + self.ui("reason_" + pair.reason)
        return text

    def pending_text(self, tracked) -> str:
        """For a target without an outcome yet: which report would give it."""
        due = verdict.settled_by(tracked.period, self.lang)
        return f'<span class="rs-note">{attr_escape(due)}</span>' if due else "—"

    def pair_sources(self, tracked, pair) -> str:
        text = self.claim_link(tracked.target)
        return text + (f" → {self.claim_link(pair.outcome)}" if pair and pair.outcome else "")

    def pair_cells(self, row, after_target: str = "") -> str:
        """The cells of a scorecard row: targets, [after_target], outcomes, status, sources; one line
        per tracked target."""
        pairs = views.row_pairs(row)
        targets = "<br>".join(self.target_text(t) for t, _ in pairs)
        outcomes = "<br>".join(self.outcome_text(p) or self.pending_text(t) for t, p in pairs)
        sources = "<br>".join(self.pair_sources(t, p) for t, p in pairs)
        return (f"<td>{targets}</td>{after_target}<td>{outcomes}</td>"
                f"<td><strong>{self.status(row.status)}</strong></td><td>{sources}</td>")

    def result_row(self, record: dict, row: dict) -> str:
        """One row of a report's results table (render.result_rows): indicator, period (and kind), level
        (and plan, completion), growth (and planned growth, rank), status and source."""
        context = self.shared(row, views.result_context, self.site, record, row)
        rid = record["report"]["id"]

        def claimed(claim) -> str:
            if not claim:
                return ""
            text = self.value(claim.figure)
            return text + (f" ({self.claim_link(claim)})" if claim.report != rid else "")

        # Six columns that fit the article: each measure's cell carries its plan beside it, an estimate
        # says so beside its period, a rank beside its growth.
        def beside(main: str, *notes: str) -> str:
            notes = [n for n in notes if n]
            return main + "".join(f'<br><span class="rs-note">{n}</span>' for n in notes)

        level, ranks = row["level"], row["ranks"]
        plan, planned = claimed(context["plan"]), claimed(context["planned"])
        period = attr_escape(fmt.period(row["period"], self.lang))
        cells = (
            self.indicator_name(row["first"]),
            beside(period, self.ui("kind_" + row["kind"]) if row["kind"] != "actual" else ""),
            beside(self.value(level) if level and level["role"] != "completion" else "",
                   f'{self.ui("plan")} {plan}' if plan else "",
                   f'{self.ui("completion")} {self.value(row["completion_pct"])}' if row["completion_pct"] else "",
                   f'{self.ui("rank")} {ranks["level"]}' if "level" in ranks else ""),
            beside(self.value(row["growth_pct"]) if row["growth_pct"] else "",
                   f'{self.ui("planned_growth")} {planned}' if planned else "",
                   f'{self.ui("rank")} {ranks["growth_pct"]}' if "growth_pct" in ranks else ""),
            self.status(context["status"]) if context["status"] else "",
            "<br>".join(self.source_link(record, line) for line in row["lines"]),
        )
        # A row no target judges is left out of a printed page (reportsite.css), which keeps to three sheets.
        start = "<tr>" if context["status"] in scorecard.JUDGED else '<tr class="rs-unjudged">'
        return start + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"

    def shared(self, key_object, make: Callable, *args):
        """make(*args), language-neutral, made once for both language versions of a page: kept by the
        identity of `key_object` (alive while the page renders, and kept beside the result, so a
        reused id is never mistaken for it)."""
        memo = self.renderer.page_memo
        found = memo.get(id(key_object))
        if found is not None and found[0] is key_object:
            return found[1]
        result = make(*args)
        memo[id(key_object)] = (key_object, result)
        return result

    def value(self, figure: dict) -> str:
        # A figure appears on its report, indicator and region pages: format it once per language.
        # Keyed by identity, with the figure kept beside its text so an id is never reused.
        memo = self.renderer.values[self.lang]
        found = memo.get(id(figure))
        if found is not None and found[0] is figure:
            return found[1]
        text = attr_escape(fmt.value(figure, self.lang))
        if self.lang == "en" and figure["unit_class"] not in ("pct_growth", "pct_completion", "pct_share"):
            # The original beside the English form, for readers checking against the report.
            text += f' <span lang="zh" class="rs-orig">{attr_escape(fmt.value(figure, "zh"))}</span>'
        memo[id(figure)] = (figure, text)
        return text

    def note(self, note) -> str:
        """A data note (consistency.Note) as one list item's HTML: the indicator, the sentence saying
        what disagrees (with the report's own remark, if any), and links to the lines concerned."""
        text = self.ui("note_" + note.check, period=fmt.period(note.period, self.lang), **note.params)
        if note.remark:
            text += f" {self.ui('report_remark')}: {self.tr(note.remark)}"
        record = self.site.report_by_id[note.report]
        lines = ", ".join(self.source_link(record, line) for line in note.lines)
        name = self.indicator_name({"indicator": note.indicator, "name_zh": note.name_zh})
        return f"{name}: {text} ({lines})"

    # ---- whole tables and lists: one call from a template each, not one Jinja call per cell ----

    def period(self, text: str | None) -> str:
        return attr_escape(fmt.period(text, self.lang))

    def thead(self, cells: list) -> str:
        return "<thead><tr>" + "".join(f"<th>{attr_escape(c)}</th>" for c in cells) + "</tr></thead>"

    def result_rows(self, record: dict, rows: list[dict]) -> str:
        """A report's results table body (result_row per row), each row on a line of its own."""
        return "".join(self.result_row(record, row) + "\n" for row in rows)

    def target_rows(self, rows: list) -> str:
        """A report's targets table body: indicator, target, period, outcome, status, sources."""
        return "".join(f"<tr><td>{self.indicator_name(row.tracked[0].target.figure)}</td>"
                       f"{self.pair_cells(row, '<td>' + self.period(row.period) + '</td>')}</tr>\n"
                       for row in rows)

    def task_rows(self, record: dict, figures: list[dict]) -> str:
        """A report's other figures under one heading: the clause (or name), value with role and period, source."""
        if self.lang == "zh":  # the whole clause (the report's lines are loaded for it); in English, the name
            lines = self.site.sources.get(record["report"]["id"], [])

            def label(figure: dict) -> str:
                return attr_escape(views.clause(lines, figure))
        else:
            def label(figure: dict) -> str:
                return self.tr(figure["name_zh"])
        # Three columns (the kind and period under the value): a report has hundreds of these rows.
        return "".join(f"<tr><td>{label(f)}</td><td>{self.value(f)}<br><span class=\"rs-note\">"
                       f"{self.ui('role_' + f['role'])} · {self.period(f['period'])}</span></td>"
                       f"<td>{self.source_link(record, f['line'])}</td></tr>\n" for f in figures)

    def scorecard_rows(self, rows: list, with_region: bool = False) -> str:
        """A scorecard group's table body: indicator, [region,] period, then the pair cells."""
        out = []
        for row in rows:
            region = f"<td>{self.region_name(row.region)}</td>" if with_region else ""
            name = self.indicator_name({"indicator": row.indicator, "name_zh": row.indicator})
            out.append(f"<tr><td>{name}</td>{region}<td>{self.period(row.period)}</td>{self.pair_cells(row)}</tr>\n")
        return "".join(out)

    def period_rows(self, rows: list) -> str:
        """An indicator's scorecard in one region: period, then the pair cells."""
        return "".join(f"<tr><td>{self.period(row.period)}</td>{self.pair_cells(row)}</tr>\n" for row in rows)

    def counts_line(self, counts: dict[str, int]) -> str:
        """Status counts as "met 3 · missed 1", statuses with none left out."""
        return " · ".join(f"{self.status(status)} {n}" for status, n in counts.items() if n)

    def chart_rows(self, block: dict) -> str:
        """A chart's data table body; cells are text, escaped here, unless the block made them HTML."""
        escape = str if block.get("html_cells") else attr_escape
        return "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>\n" for row in block["rows"])

    def note_items(self, notes: list) -> str:
        return "".join(f"<li>{self.note(note)}</li>\n" for note in notes)

    def source_lines(self, lines: list[str], figures: list[dict] | None = None, report: dict | None = None) -> str:
        """A report's cleaned text, one element per line with its anchor (#L12) and a label for readers;
        under a line, the figures read from it with their kind, period and why (the basis), so a
        reviewer sees a wrong frame at a glance."""
        label = self.line_label
        on_line: dict[int, list[dict]] = {}
        for figure in figures or ():
            on_line.setdefault(figure["line"], []).append(figure)
        out = []
        breaks = originals.page_breaks(report) if report else {}
        original = originals.site_path(report) if breaks else None
        for n, text in enumerate(lines, 1):
            if n in breaks:  # a PDF's next page starts here: a link to that page of the original
                page = breaks[n]
                out.append(f'<div class="rs-page" id="P{page}">— '
                           f'{self.a(f"{original}#page={page}", self.ui("page_n", n=page))} —</div>\n')
            out.append(f'<div class="rs-line" id="L{n}"><a class="rs-ln" href="#L{n}" aria-label="{label(n)}">{n}</a>'
                       f'<span class="rs-text">{attr_escape(text)}</span>')
            if n in on_line:
                items = "".join(self._frame_item(f) for f in on_line[n])
                out.append(f'<ul class="rs-frame" lang="{self.lang}">{items}</ul>')
            out.append("</div>\n")
        return "".join(out)

    def _frame_item(self, figure: dict) -> str:
        basis = figure.get("basis")
        why = f' <span class="rs-basis" lang="en">{_zh_marked(basis)}</span>' if basis else ""
        return (f'<li><span lang="zh">{attr_escape(figure["name_zh"])}</span> {self.value(figure)}: '
                f'{self.ui("kind_" + figure["kind"])} {self.period(figure["period"])}{why}</li>')

    def report_index_rows(self, records: list[dict]) -> str:
        """The reports page's rows: report, region, period, kind of report, number of figures."""
        return "".join(f"<tr><td>{self.report_link(r)}</td><td>{self.region_name(r['report']['region'])}</td>"
                       f"<td>{self.period(r['report']['period'])}</td>"
                       f"<td>{self.ui('report_kind_' + r['report']['kind'])}</td><td>{len(r['figures'])}</td></tr>\n"
                       for r in records)

    def download_rows(self, records: list[dict]) -> str:
        """The data page's rows of per-report downloads: file, report, number of rows."""
        out = []
        for record in records:
            path = downloads.report_csv(record["report"]["id"])
            out.append(f"<tr><td>{self.a(path, attr_escape(path.split('/')[-1]))}</td>"
                       f"<td>{self.report_link(record)}</td><td>{len(record['figures'])}</td></tr>\n")
        return "".join(out)

    def link_rows(self, rows: list[dict]) -> str:
        """The links page's rows: page name (linked), its Chinese and English addresses."""
        zh = self.lang == "zh"
        return "".join(f"<tr><td>{self.a(row['page'], attr_escape(row['name_zh'] if zh else row['name_en']))}</td>"
                       f"<td><span class=\"rs-url\">{attr_escape(row['url_zh'])}</span></td>"
                       f"<td><span class=\"rs-url\">{attr_escape(row['url_en'])}</span></td></tr>\n" for row in rows)

    def report_link_rows(self, records: list[dict]) -> str:
        """link_rows of the pages of `records`."""
        return self.link_rows(links.rows(self.site, self.site.site_url, "report", records))

    def correction_rows(self, corrections: list[dict]) -> str:
        """The cleaner's corrections: line (a link to it), before, after, rule."""
        return "".join(f'<tr><td><a href="#L{c["line"]}">{c["line"]}</a></td><td>{self.zh(c["before"])}</td>'
                       f'<td>{self.zh(c["after"])}</td><td>{attr_escape(c["rule"])}</td></tr>\n'
                       for c in corrections)


# ---- page contexts -------------------------------------------------------------------------------

def result_rows(record: dict) -> list[dict]:
    """Actual and estimated figures, one row per indicator and period: level, completion and growth side
    by side, however many lines state them (a summary table and the narrative often both do; each of
    those lines is a source of the row). Of two figures of one measure, an actual wins over an estimate,
    then the first printed."""
    rows: dict[tuple, dict] = {}
    for figure in sorted(record["figures"], key=lambda f: f["line"]):
        if figure["kind"] == "target":
            continue
        key = (figure.get("indicator") or figure["name_zh"], figure["period"])
        row = rows.setdefault(key, {"first": figure, "line": figure["line"], "lines": [], "period": figure["period"],
                                    "kind": "estimate", "level": None, "growth_pct": None,
                                    "completion_pct": None, "share_pct": None, "ranks": {}})
        if figure["line"] not in row["lines"]:
            row["lines"].append(figure["line"])
        held = row[figure["measure"]]
        if held is None or (held["kind"] == "estimate" and figure["kind"] != "estimate"):
            row[figure["measure"]] = figure
        if figure.get("rank") is not None:  # a rank is of the measure its figure states (a level's, a growth's)
            row["ranks"].setdefault(figure["measure"], figure["rank"])
        if figure["kind"] != "estimate":
            row["kind"] = figure["kind"]
    return list(rows.values())


def page_jobs(site: Site) -> list[tuple[str, str, Callable[[], dict]]]:
    """Every page of the site as (template, page path, context maker); contexts are made only for
    pages that are rendered (not for those the page cache has)."""
    catalogs = site.catalogs
    jobs: list[tuple[str, str, Callable[[], dict]]] = []
    for record in site.reports:
        rid = record["report"]["id"]
        # The report's charts come from views.py, inside the template.
        jobs.append(("report.md.j2", f"reports/{rid}.md",
                     lambda record=record: {"record": record, "results": result_rows(record)}))
        jobs.append(("source.md.j2", f"sources/{rid}.md",
                     lambda record=record, rid=rid: {"record": record, "lines": site.sources.get(rid, []),
                                                     "original": originals.site_path(record["report"])}))
    for indicator in catalogs.indicators:
        entries = site.figures_by_indicator.get(indicator["id"], [])
        if entries:
            jobs.append(("indicator.md.j2", f"indicators/{indicator['id']}.md",
                         lambda indicator=indicator, entries=entries: {"indicator": indicator, "entries": entries}))
    for region in site.used_regions:
        jobs.append(("region.md.j2", f"regions/{region['id']}.md", lambda region=region: {
            "region": region, "records": site.reports_by_region.get(region["id"], []),
            "children": [r for r in site.used_regions if r.get("parent") == region["id"]]}))
    used_indicators = [i for i in catalogs.indicators if site.figures_by_indicator.get(i["id"])]
    jobs.append(("home.md.j2", "index.md", dict))
    jobs.append(("reports_index.md.j2", "reports/index.md", dict))
    jobs.append(("indicators_index.md.j2", "indicators/index.md", lambda: {"indicators": used_indicators}))
    jobs.append(("regions_index.md.j2", "regions/index.md", dict))
    for name in ("methodology", "accessibility", "links"):
        jobs.append((f"{name}.md.j2", f"{name}.md", lambda: {"indicators": used_indicators}))
    jobs.append(("data.md.j2", "data/index.md", dict))
    return jobs


def render_site(site: Site, renderer: Renderer | None = None, stage: Path | None = None,
                meanwhile: Callable[[], object] | None = None) -> dict:
    """Every Markdown page of the site, keyed by its path under docs/.

    With `stage` (a folder), each page is written there as soon as it is rendered and stands in the
    result as a `files.Staged` marker: a thousand reports' pages are never all in memory at once.
    `meanwhile` is called once, while worker processes render (the build makes the downloads then)."""
    renderer = renderer or Renderer(site)
    jobs = page_jobs(site)
    done: dict[int, dict] = {}
    missing = []
    for index, (template, page_path, context) in enumerate(jobs):
        hit = renderer.cached(template, page_path, functools.partial(renderer.remake, template, page_path, context))
        if hit is None:
            missing.append(index)
        else:
            done[index] = _staged(hit, stage)
    for index, out in _render(renderer, jobs, missing, stage, meanwhile):
        done[index] = out
    pages: dict = {}
    for index in range(len(jobs)):
        pages.update(done[index])
    pages.update(links.files(site, pages, renderer.page_cache))  # data/links.csv and redirect pages
    return pages


def _staged(out: dict, stage: Path | None) -> dict:
    """A page's files, written into `stage` (when given) and replaced by markers for them."""
    if stage is None:
        return out
    return {path: files.stage(stage, path, text) if isinstance(text, (str, bytes)) else text
            for path, text in out.items()}


def _render_one(renderer: Renderer, jobs: list, index: int, stage: Path | None) -> dict:
    template, page_path, context = jobs[index]
    out = renderer.render_uncached(template, page_path, **context())
    renderer.store(template, page_path, out)
    return _staged(out, stage)


# ---- rendering on every core ---------------------------------------------------------------------

PARALLEL_FROM = 200  # fewer pages than this: starting workers costs more than it saves ...
PARALLEL_BYTES = 16 << 20  # ... unless their files were this big when last written
CHUNK = 8  # pages per task: small enough to keep both cores busy to the end
_FORKED: dict = {}


def _render(renderer: Renderer, jobs: list, missing: list[int], stage: Path | None = None,
            meanwhile: Callable[[], object] | None = None):
    """(index, pages) for every missing job, stored in the page cache: in worker processes when there
    are many, else here. `meanwhile()` runs here while the workers render (else after rendering)."""
    progress = renderer.progress
    many = len(missing) >= PARALLEL_FROM
    if (many or _previous_bytes(renderer, jobs, missing) >= PARALLEL_BYTES) and _can_fork():
        # A few big pages are split one per task: an indicator page of a thousand reports is megabytes.
        size = CHUNK if many else 1
        chunks = [missing[i:i + size] for i in range(0, len(missing), size)]
        # Made here, once, rather than in each worker: every region linked; or, for a few pages after a
        # change, the regions linked again (the others' are loaded where a page needs them).
        renderer.site.scorecard.made(new_only=not many)
        _FORKED["work"] = (renderer, jobs, stage)
        try:
            with ProcessPoolExecutor(min(os.cpu_count() or 1, 4),
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                results = pool.map(_render_chunk, chunks)  # every chunk is handed out now
                if meanwhile is not None:
                    meanwhile()
                    meanwhile = None
                shown = progress(results, "render", total=len(chunks)) if progress else results
                for rendered, used, stored in shown:
                    for page_path, found in used.items():
                        renderer.translations_used[page_path].update(found)
                    if renderer.page_cache is not None:
                        for key, paths in stored["pages"]:
                            renderer.page_cache.stored_elsewhere(key, paths)
                        renderer.page_cache.new_sections_index.update(stored["page_sections"])
                    kept, made = stored["sections"]
                    renderer.sections_kept += kept
                    renderer.sections_made += made
                    yield from rendered
            return
        finally:
            _FORKED.clear()
    shown = progress(missing, "render", total=len(missing)) if progress else missing
    for index in shown:
        yield index, _render_one(renderer, jobs, index, stage)
    if meanwhile is not None:
        meanwhile()


def _previous_bytes(renderer: Renderer, jobs: list, missing: list[int]) -> int:
    """The size of the files of the pages `missing` as last written (the manifest's record of them)."""
    manifest = renderer.page_cache.manifest if renderer.page_cache is not None else None
    if manifest is None:
        return 0
    entries = manifest.entries.get("docs", {})
    total = 0
    for index in missing:
        for lang in LANGS:
            entry = entries.get(lang_path(jobs[index][1], lang))
            total += entry[1][0] if entry else 0
    return total


def _can_fork() -> bool:
    # Workers are forked, so they start with the site in memory instead of unpickling it; forking
    # is only safe with no other thread running (MkDocs' server, for one, runs the build in a thread).
    return ((os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)


def _render_chunk(indexes: list[int]) -> tuple[list[tuple[int, dict]], dict, dict]:
    """A worker's share: its pages (markers only, when staged: the text stays on disk), the translations
    they used, and what it stored in the page cache, for the parent to account for."""
    renderer, jobs, stage = _FORKED["work"]
    renderer.translations_used = defaultdict(dict)  # this chunk's, sent back with its pages
    cache = renderer.page_cache
    if cache is not None:
        cache.stored_here, cache.sections_here = [], []
    renderer.sections_kept = renderer.sections_made = 0
    rendered = [(index, _render_one(renderer, jobs, index, stage)) for index in indexes]
    return rendered, dict(renderer.translations_used), {
        "pages": cache.stored_here if cache is not None else [],
        "page_sections": cache.sections_here if cache is not None else [],
        "sections": (renderer.sections_kept, renderer.sections_made)}


def static_assets() -> dict[str, bytes]:
    """The site's own CSS (and any other file of generator/assets/)."""
    return {f"assets/{p.name}": p.read_bytes() for p in sorted(ASSETS.iterdir()) if p.is_file()}
