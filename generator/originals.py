"""A report's original file (a PDF, a Word document, a saved web page) beside its source page, and the
page of the original that each line of the text comes from.

The site publishes the text the figures were read from (sources/<id>/); when that text was taken from
another file, the file itself is copied to sources/<id>.<ext>, linked from the source page, and a PDF's
lines are marked with their pages (report.page_starts: the line where each page starts), so that a
reader can check a figure against the page it was printed on (….pdf#page=N).
"""

from __future__ import annotations

import bisect
import posixpath
from pathlib import Path

TEXT_SUFFIX = ".txt"  # a text seed is its own original: its text is on the source page


def site_path(report: dict) -> str | None:
    """Where the original of a report (record["report"]) stands under docs/, or None for a text seed."""
    suffix = posixpath.splitext(report["source"])[1].lower()
    if not suffix or suffix == TEXT_SUFFIX:
        return None
    return f"sources/{report['id']}{suffix}"


def page_of(report: dict, line: int) -> int | None:
    """The page of the original that line `line` (1-based) starts on, for a PDF's text; else None."""
    starts = report.get("page_starts")
    if not starts:
        return None
    return max(1, bisect.bisect_right(starts, line))


def page_breaks(report: dict) -> dict[int, int]:
    """Line -> the page that starts at it, for each page after the first (a PDF's text; else empty)."""
    starts = report.get("page_starts") or []
    breaks: dict[int, int] = {}
    for page, line in enumerate(starts, start=1):
        if page > 1:
            breaks.setdefault(line, page)  # a page without text: the next page's marker stands for both
    return breaks


def files(root: Path, records: list[dict]) -> dict[str, bytes]:
    """The originals to publish, keyed by their path under docs/."""
    out = {}
    for record in records:
        target = site_path(record["report"])
        if target:
            out[target] = (root / record["report"]["source"]).read_bytes()
    return out
