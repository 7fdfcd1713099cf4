"""Blocks of finished HTML that MkDocs carries through a page without reading them.

The templates write long tables and source texts as HTML between `<!-- rs:raw -->` and
`<!-- /rs:raw -->` (the `raw` macro in templates/_macros.j2). Python-Markdown would parse
every one of those tags and the search plugin would index every cell: most of a build's time
at a thousand reports, and a search index no phone could load. So the MkDocs hook lifts each
block out before Markdown runs, leaving an empty placeholder, and puts it back into the
finished page. The Markdown files in docs/ stay complete: without the hook, Markdown renders
the blocks as the raw HTML they are, to the same page.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import cards

BLOCK = re.compile(r"^<!-- rs:raw -->\n(.*?)\n<!-- /rs:raw -->$", re.S | re.M)
PLACEHOLDER = re.compile(r'<div data-rs-raw="(\d+)"></div>')
# What Markdown sees instead of a block: a word of its own, which Markdown makes a plain paragraph. An
# HTML placeholder cost Python-Markdown twice as much (its raw-HTML parsing), at ~10 blocks a page.
LIFTED = re.compile(r"rsrawblock(\d+)x")  # the marker in the lifted Markdown
MARKER = re.compile(r"<p>rsrawblock(\d+)x</p>")  # ...and as Markdown converts it


def lift(markdown: str) -> str:
    """The page's Markdown with each raw block replaced by a numbered marker paragraph."""
    counter = iter(range(1 << 30))
    # Blank lines around the marker: it is a paragraph of its own, whatever the template put next to it.
    return BLOCK.sub(lambda m: f"\nrsrawblock{next(counter)}x\n", markdown)


def settle(html: str) -> str:
    """The converted page with each marker paragraph turned into an empty placeholder element, before
    anything reads the page (the search index would take the marker for a word)."""
    if "rsrawblock" not in html:
        return html
    return MARKER.sub(lambda m: f'<div data-rs-raw="{m.group(1)}"></div>', html)


def blocks(markdown: str) -> list[str]:
    return BLOCK.findall(markdown)


def restore(output: str, source: str | Path) -> str:
    """The built page with its placeholders replaced by the blocks of its Markdown source.

    The blocks are read from the file again here rather than kept from `lift`: MkDocs converts
    every page before it writes any, and holding every page's tables until then would hold the
    whole site in memory."""
    if 'data-rs-raw="' not in output:
        return output
    found = blocks(Path(source).read_text(encoding="utf-8-sig"))
    # Tables leave as the site shows them: each cell labelled by its column, for a phone (cards.py).
    return PLACEHOLDER.sub(lambda m: cards.labelled(found[int(m.group(1))]), output)
