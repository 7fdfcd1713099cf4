"""Reading built pages in tests: a page's HTML, its text, its table rows, a line of a source page."""

from __future__ import annotations

import html
import re
from pathlib import Path


def page(site_dir: Path, path: str) -> str:
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, white space folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_rows(document: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", document, flags=re.S)


def source_line(site_dir: Path, report_id: str, line: int, prefix: str = "") -> str:
    """The text of one line of a report's source page (`prefix` "en/" for the English one)."""
    document = page(site_dir, f"{prefix}sources/{report_id}")
    match = re.search(rf'<div class="rs-line" id="L{line}">(.*?)</div>', document, flags=re.S)
    assert match, f"no anchor #L{line} on the source page of {report_id}"
    return text_of(match.group(1))
