"""Addresses that last: the canonical URL of every page, and /data/links.csv for staff writing notices.

A page's address is made from `site_url` in mkdocs.yml and the page's ids (report, indicator and
region ids never change once published); the English twin of `x/` is `en/x/`. When an id must
change, data/redirects.yaml keeps the old address working (see redirects.py).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

LANGS = ("zh", "en")
_SITE_URL = re.compile(r"^site_url:\s*(?P<url>\S+?)\s*(?:#.*)?$", re.MULTILINE)


def site_url(config_path: Path) -> str:
    """site_url from mkdocs.yml, ending in '/', or '' when it is not set.

    Read as text: mkdocs.yml carries !!python tags that a safe YAML loader refuses.
    """
    try:
        text = Path(config_path).read_text(encoding="utf-8")
    except OSError:
        return ""
    found = _SITE_URL.search(text)
    if not found:
        return ""
    url = found.group("url").strip("'\"")
    return url if url.endswith("/") else url + "/"


PLACEHOLDER_HOSTS = ("example.github.io", "example.com", "example.org", "localhost", "127.0.0.1")


def placeholder(url: str) -> bool:
    """Whether a site_url is the template's placeholder (or a local address), not where the site lives:
    every canonical link and QR code would point there."""
    host = urlsplit(url).hostname or ""
    return not url or host in PLACEHOLDER_HOSTS or host.endswith(".example.com")


def site_path(page_path: str, lang: str) -> str:
    """docs path -> address path under the site root: reports/x.md -> reports/x/ (en: en/reports/x/)."""
    path = page_path[: -len(".md")] if page_path.endswith(".md") else page_path
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return ("en/" if lang == "en" else "") + path


def page_url(base: str, page_path: str, lang: str) -> str:
    """The canonical URL of a page, as MkDocs writes it into <link rel="canonical">."""
    return base + site_path(page_path, lang)


def rows(site, base: str, kind: str | None = None, records: list[dict] | None = None) -> list[dict]:
    """One row per report, indicator and region page (of one `kind` only, when given), with its names and
    addresses in both languages; the report rows of `records` instead of every report, when given."""
    found = []
    if kind in (None, "report"):
        for record in site.reports if records is None else records:
            meta = record["report"]
            found.append(("report", meta["id"], meta["title_zh"], meta["title_en"], f"reports/{meta['id']}.md"))
    if kind in (None, "indicator"):
        for indicator in site.catalogs.indicators:
            if site.figures_by_indicator.get(indicator["id"]):
                found.append(("indicator", indicator["id"], indicator["name_zh"], indicator["name_en"],
                              f"indicators/{indicator['id']}.md"))
    if kind in (None, "region"):
        for region in site.used_regions:
            found.append(("region", region["id"], region["name_zh"], region["name_en"],
                          f"regions/{region['id']}.md"))
    return [{"kind": kind, "id": ident, "name_zh": name_zh, "name_en": name_en, "page": page,
             "url_zh": page_url(base, page, "zh"), "url_en": page_url(base, page, "en")}
            for kind, ident, name_zh, name_en, page in found]


CSV_COLUMNS = ("kind", "id", "name_zh", "name_en", "url_zh", "url_en")


def csv_text(link_rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(link_rows)
    # A byte-order mark, so spreadsheet programs open the Chinese names as UTF-8.
    return "\ufeff" + out.getvalue()


def _links_csv(site, base: str) -> str:
    return csv_text(rows(site, base))


def cname(base: str) -> str | None:
    """GitHub Pages' CNAME file for a site_url on the site's own domain (none for *.github.io).

    GitHub Pages forgets a custom domain unless every push of gh-pages carries this file.
    """
    host = urlsplit(base).hostname or ""
    if not host or host.endswith(".github.io") or urlsplit(base).path.strip("/"):
        return None
    return host + "\n"


def files(site, pages: dict, page_cache=None) -> dict:
    """data/links.csv, the redirect pages and CNAME, to go into docs/ beside the rendered pages; with
    `page_cache` (incremental.PageCache), links.csv is a marker when it is there as last made."""
    from . import redirects

    base = getattr(site, "site_url", "") or ""
    make = functools.partial(_links_csv, site, base)
    out = {"data/links.csv": page_cache.links_file("data/links.csv", make) if page_cache is not None else make()}
    out.update(redirects.pages(site.catalogs.redirects, pages, base, site.ui))
    if cname(base):
        out["CNAME"] = cname(base)
    return out
