"""QR codes of page addresses, drawn at build time as inline SVG (no network, no image files).

The modules come from qr_encode.py: segno's matrix for the same address (segno.make(url, error="m",
micro=False, mask=0)), made ~25x faster; tests/test_qr.py holds the two, and the old svg(), together."""

from __future__ import annotations

import html
from functools import cache

from . import qr_encode

SCALE, BORDER = 3, 4


def svg(url: str, label: str) -> str:
    """One-line <svg> of the URL's QR code, labelled for screen readers (`label` is plain text).

    Level M survives a smudged print or a partly covered code; the URL itself fixes the size. A fixed
    mask (0): choosing the best of eight means scoring each, a thousand-report site has two thousand
    codes, and every reader decodes any mask the same. Drawn as one horizontal stroke per run of dark
    modules. Raises qr_encode.DataOverflowError (a ValueError) for an address too long for any QR code."""
    size, cells = qr_encode.modules(url)
    moves, strokes, start = _moves(size), [], 0
    for run in cells.split("0"):  # the runs of dark modules, and the empty strings between light ones
        if run:
            strokes.append(moves[start] + str(len(run)))
        start += len(run) + 1
    size += 2 * BORDER
    label = html.escape(label, quote=True)
    pixels = size * SCALE
    # role and aria-label on the element itself: the <title> child alone is not read everywhere.
    return (f'<svg role="img" aria-label="{label}" width="{pixels}" height="{pixels}" viewBox="0 0 {size} {size}" '
            f'class="segno"><title>{label}</title><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(strokes)}"/></svg>')


@cache
def _moves(size: int) -> list[str]:
    """The start of a stroke ("M<x> <y>.5h") at each position of qr_encode.modules' cells, quiet zone
    included: the same for every code of a size, and formatting them costs more than the encoding."""
    return [f"M{x + BORDER} {y + BORDER}.5h" for y in range(size) for x in range(size + 1)]
