"""Every internal link and anchor in the built site resolves: checked on the files, without a browser.

Covers every href/src in every HTML page (relative, root-relative, and absolute ones pointing at the
site's own URL such as rel=canonical), and every #fragment against the ids of the target page,
which includes the #L123 source-line anchors that every figure links to.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from tests.conftest import ROOT

LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "source": "src",
              "iframe": "src", "video": "src", "audio": "src", "embed": "src", "form": "action"}
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")


class _PageParser(HTMLParser):
    """Collects the ids (and <a name>) a page defines and the links it makes, with line numbers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, str]] = []  # (line, tag, url)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        attr = LINK_ATTRS.get(tag)
        if attr and values.get(attr) is not None:
            self.links.append((self.getpos()[0], tag, values[attr]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _target_file(site: Path, url_path: str) -> Path | None:
    """The file a URL path (from the site root, decoded) is served from, as a static host would."""
    rel = url_path.lstrip("/")
    candidate = site / rel
    if url_path.endswith("/") or rel == "":
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path, site_url: str) -> tuple[list[str], Counter]:
    """Broken links and anchors of every page in `site`, as readable lines; and what was checked."""
    base = urlsplit(site_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    problems: list[str] = []
    counts: Counter = Counter(pages=len(pages))
    for page, parsed in pages.items():
        rel_page = page.relative_to(site).as_posix()
        # The URL path the page is served at: directory URLs for index.html.
        page_url = "/" + (rel_page[: -len("index.html")] if rel_page.endswith("index.html") else rel_page)
        for line, tag, raw in parsed.links:
            url = raw.strip()
            where = f"site/{rel_page}:{line}: <{tag}> {raw!r}"
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "javascript":
                problems.append(f"{where}: javascript: link (expected no script in links)")
                continue
            if scheme in EXTERNAL_SCHEMES or parts.netloc:
                if parts.netloc == base.netloc and parts.path.startswith(base_path):
                    path = "/" + parts.path[len(base_path):]  # the site's own absolute URL (canonical ...)
                else:
                    counts["external"] += 1
                    continue
            elif scheme:
                if scheme != "data":
                    problems.append(f"{where}: unexpected URL scheme {scheme!r}")
                continue
            elif url.startswith("/"):
                if not parts.path.startswith(base_path):
                    problems.append(f"{where}: root-relative link outside {base_path} "
                                    f"(expected a relative link; this breaks when published at {site_url})")
                    continue
                path = "/" + parts.path[len(base_path):]
            elif parts.path:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), unquote(parts.path)))
                if parts.path.endswith("/") and not path.endswith("/"):
                    path += "/"
                if path.startswith("//") or path.startswith("/.."):
                    problems.append(f"{where}: leaves the site (expected a link inside site/)")
                    continue
            else:
                path = page_url  # "#x" or "" (this page)
            target = page if path == page_url else _target_file(site, unquote(path))
            counts["links"] += 1
            if target is None:
                problems.append(f"{where}: no such file (expected {unquote(path)} in site/)")
                continue
            fragment = unquote(parts.fragment)
            if not fragment:
                continue
            counts["anchors"] += 1
            if fragment.startswith("L") and fragment[1:].isdigit():
                counts["source_lines"] += 1
            if target.suffix != ".html":
                problems.append(f"{where}: anchor on a file that is not a page (expected no #{fragment})")
            elif fragment not in pages[target].ids:
                problems.append(f"{where}: no element with id {fragment!r} in "
                                f"site/{target.relative_to(site).as_posix()}")
    return problems, counts


def _site_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml has !!python tags for MkDocs' own loader: read only the one key we need.
    line = next(raw for raw in text.splitlines() if raw.startswith("site_url:"))
    return yaml.safe_load(line)["site_url"]


def test_every_internal_link_and_anchor_resolves(site_dir):
    problems, counts = check_site(site_dir, _site_url())
    assert not problems, f"{len(problems)} broken links or anchors:\n" + "\n".join(problems[:60])
    # The check ran over the real site: every page, many links, and the source-line anchors.
    assert counts["pages"] >= 20, counts
    assert counts["links"] > 1000, counts
    assert counts["source_lines"] > 100, counts
    print(f"link check: {dict(counts)}")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_checker_finds_broken_links_and_anchors(tmp_path):
    """The checker itself: good links pass, each kind of broken one is reported once."""
    site = tmp_path / "site"
    _write(site / "index.html", '<a href="reports/a/">ok</a><a href="reports/a/#L2">ok line</a>'
                                '<a href="reports/b/">no page</a><a href="reports/a/#L9">no line</a>'
                                '<a href="#top">no id</a><a href="/elsewhere/x/">root-relative</a>'
                                '<a href="javascript:alert(1)">js</a><a href="https://example.org/">ext</a>'
                                '<link rel="canonical" href="https://example.github.io/reportsite/">'
                                '<script src="assets/missing.js"></script>')
    _write(site / "reports/a/index.html", '<div id="L1"></div><div id="L2"></div><a href="../../">home</a>'
                                          '<a href="../../data.yaml">download</a>'
                                          '<a href="/reportsite/reports/a/#L1">root</a>')
    _write(site / "data.yaml", "x: 1\n")
    problems, counts = check_site(site, "https://example.github.io/reportsite/")
    reported = [re.search(r"> '([^']*)'", p).group(1) for p in problems]
    assert reported == ["reports/b/", "reports/a/#L9", "#top", "/elsewhere/x/", "javascript:alert(1)",
                        "assets/missing.js"], problems
    assert counts["external"] == 1
    assert counts["links"] == 10
