"""Redirect pages from data/redirects.yaml: an address that was published keeps working when an id changes.

Each entry (`from: reports/old-id/`, `to: reports/new-id/`) becomes a small HTML page at the old
address in both languages (`reports/old-id/index.html`, `en/reports/old-id/index.html`) that
sends the reader on with a meta refresh, names the new page as canonical, and links to it for
readers whose browser does not follow the refresh. MkDocs copies these files as they are.
"""

from __future__ import annotations

import html
import posixpath

from .model import ReportsiteError

FILE = "data/redirects.yaml"


def docs_path(address: str) -> str:
    """An address as a redirect entry may write it -> the page's docs path (reports/x/ -> reports/x.md)."""
    path = address.strip().strip("/")
    for suffix in (".html", ".md"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path.endswith("/index") or path == "index":
        path = path[: -len("index")].rstrip("/")
    if path.startswith("en/") or path == "en":
        raise ReportsiteError(FILE, f"redirect address '{address}' starts with en/ (expected the Chinese "
                                    f"address; the English redirect is made from it)")
    return (path + ".md") if path else "index.md"


def _address(page: str) -> str:
    """docs path -> folder of the page under the site root, without language prefix ('' for the home page)."""
    path = page[: -len(".md")]
    if path == "index":
        return ""
    return path[: -len("/index")] if path.endswith("/index") else path


def _relative(target: str, origin: str) -> str:
    rel = posixpath.relpath(target or ".", origin or ".")
    return "./" if rel == "." else rel + "/"


def page_html(lang: str, origin: str, target: str, base: str, ui: dict) -> str:
    """The redirect page at folder `origin` sending the reader to folder `target` (both without en/)."""
    prefix = "en/" if lang == "en" else ""
    rel = _relative(prefix + target, prefix + origin)
    absolute = base + prefix + (target + "/" if target else "") if base else ""
    shown = html.escape(absolute or rel, quote=True)
    canonical = f'<link rel="canonical" href="{html.escape(absolute, quote=True)}">\n' if absolute else ""
    title = html.escape(ui["moved_title"][lang])
    body = html.escape(ui["moved_body"][lang])
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{title}</title>\n'
            f'<meta http-equiv="refresh" content="0; url={html.escape(rel, quote=True)}">\n'
            f'{canonical}<meta name="robots" content="noindex">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n</head>\n<body>\n'
            f'<p>{body} <a href="{html.escape(rel, quote=True)}">{shown}</a></p>\n</body>\n</html>\n')


def pages(entries: list[dict], site_pages: dict, base: str, ui: dict) -> dict[str, str]:
    """Redirect files for docs/, keyed by docs path; raises on an entry that would break a page."""
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for entry in entries:
        origin_page, target_page = docs_path(entry["from"]), docs_path(entry["to"])
        label = f"redirect from '{entry['from']}'"
        if origin_page in site_pages or origin_page[: -len(".md")] + "/index.md" in site_pages:
            raise ReportsiteError(FILE, f"{label}: that address is a page of the site (expected an address "
                                        f"that no longer exists)")
        if target_page not in site_pages:
            alt = target_page[: -len(".md")] + "/index.md"
            if alt not in site_pages:
                raise ReportsiteError(FILE, f"{label}: target '{entry['to']}' is not a page of the site "
                                            f"(expected the address of a report, indicator or region page)")
            target_page = alt
        origin = _address(origin_page)
        if origin in seen:
            raise ReportsiteError(FILE, f"{label}: the same address is redirected twice (also to '{seen[origin]}')")
        seen[origin] = entry["to"]
        target = _address(target_page)
        out[f"{origin}/index.html"] = page_html("zh", origin, target, base, ui)
        out[f"{origin}/index.en.html"] = page_html("en", origin, target, base, ui)
    return out
