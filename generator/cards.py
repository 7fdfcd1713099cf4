"""Tables that become stacked cards on a phone: each table carries its column headings as CSS custom
properties (--c1, --c2, ...) that reportsite.css shows before each cell when the screen is too narrow
for columns. On the table, not on every cell: a report's long tables would otherwise carry each
heading once per row.

Applied to the raw blocks (the templates' m.raw) as the MkDocs hook puts them back into the built page
(raw_blocks.restore), so every table the pages write, whichever helper wrote its rows or whether it was
made whole or from kept sections, is labelled the same way."""

from __future__ import annotations

import html
import re

COLUMNS = 8  # reportsite.css labels this many columns
_TABLE_HEAD = re.compile(r"<table>(\s*<thead><tr>(.*?)</tr></thead>)", re.S)
_TH = re.compile(r"<th>(.*?)</th>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _css_string(label: str) -> str:
    """A heading as a CSS string with its colon, escaped for CSS and then for the HTML attribute."""
    text = html.unescape(_TAG.sub("", label)).strip()
    text += "：" if _CJK.search(text) else ": "
    return html.escape("'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'", quote=True)


def _labelled_table(match: re.Match) -> str:
    labels = _TH.findall(match.group(2))[:COLUMNS]
    props = ";".join(f"--c{i}:{_css_string(label)}" for i, label in enumerate(labels, 1) if _TAG.sub("", label).strip())
    if not props:
        return match.group(0)
    return f'<table class="rs-table" style="{props}">{match.group(1)}'


def labelled(page_html: str) -> str:
    """Every <table> with a header row labelled for a phone; other HTML unchanged."""
    return _TABLE_HEAD.sub(_labelled_table, page_html) if "<table>" in page_html else page_html
