"""The text of a saved web page: paragraphs as lines, table cells tab-separated, without scripts,
styles and comments. A report kept as a web page (.html, or a .txt that holds the page's source)
reads like its plain text; stripping navigation and other chrome is left to meta.body_lines and to
the extraction, which find nothing to read there.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "title",
                    "section", "article", "blockquote", "ul", "ol", "dd", "dt", "header", "footer", "hr"))
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "iframe", "select", "option", "button"))
_CELL = frozenset(("td", "th"))
_LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<meta\s)",
                              re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.match(text[:4096]))


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data.replace("\n", " ").replace("\r", " "))


def html_lines(text: str) -> list[str]:
    """The page's text, one line per paragraph (blank lines between blocks collapsed)."""
    parser = _TextOf()
    parser.feed(text)
    parser.close()
    lines = []
    for line in "".join(parser.parts).replace("\xa0", " ").split("\n"):
        line = line.strip(" \t") if "\t" not in line.strip(" ") else line.strip(" ")
        if line.strip():
            lines.append(line.strip("\t") if line.count("\t") < 2 else line)
        elif lines and lines[-1] != "":
            lines.append("")
    return lines
