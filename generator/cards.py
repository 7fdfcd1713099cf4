"""Tables that become stacked cards on a phone: each body cell gets its column's heading as a
`data-label`, which reportsite.css shows before the cell when the screen is too narrow for columns.
Applied to the raw blocks (the templates' m.raw) as the MkDocs hook puts them back into the built page
(raw_blocks.restore), so every table the pages write, whichever helper wrote its rows or whether it was
made whole or from kept sections, is labelled the same way."""

from __future__ import annotations

import re

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead><tr>(.*?)</tr></thead>", re.S)
_TH = re.compile(r"<th>(.*?)</th>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_TD = re.compile(r"<td>")


def _label(cell_html: str) -> str:
    # The heading's text, already escaped for HTML; quotes inside an attribute value escaped too.
    return _TAG.sub("", cell_html).strip().replace('"', "&quot;")


def _labelled_table(match: re.Match) -> str:
    body = match.group(1)
    head = _HEAD.search(body)
    if not head:
        return match.group(0)
    labels = [_label(th) for th in _TH.findall(head.group(1))]
    if not any(labels):
        return match.group(0)

    def row(found: re.Match) -> str:
        cells = iter(labels)
        return _TD.sub(lambda _m: f'<td data-label="{next(cells, "")}">', found.group(0))

    rest = _ROW.sub(row, body[head.end():])
    return f'<table class="rs-table">{body[:head.end()]}{rest}</table>'


def labelled(html: str) -> str:
    """Every <table> with a header row: its body cells labelled by column; other HTML unchanged."""
    return _TABLE.sub(_labelled_table, html) if "<table>" in html else html
