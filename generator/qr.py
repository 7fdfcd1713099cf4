"""QR codes of page addresses, drawn at build time as inline SVG (no network, no image files).

The modules come from qr_encode.py: segno's matrix for the same address (segno.make(url, error="m",
micro=False, mask=0)), made ~25x faster; tests/test_qr.py holds the two, and the old svg(), together."""

from __future__ import annotations

import html
import operator
from functools import cache
from itertools import compress

from . import qr_encode

SCALE, BORDER = 3, 4
_RUN_START = bytes.maketrans(b"01S", b"\x00\x00\x01")  # "S" marks a run's first module
_LENGTHS = tuple(str(n) for n in range(178))  # run lengths as text: a row has at most 177 modules


def svg(url: str, label: str) -> str:
    """One-line <svg> of the URL's QR code, labelled for screen readers (`label` is plain text).

    Level M survives a smudged print or a partly covered code; the URL itself fixes the size. A fixed
    mask (0): choosing the best of eight means scoring each, a thousand-report site has two thousand
    codes, and every reader decodes any mask the same. Drawn as one horizontal stroke per run of dark
    modules. Raises qr_encode.DataOverflowError (a ValueError) for an address too long for any QR code."""
    size, cells = qr_encode.modules(url)
    # Without a Python loop over the runs (a code has hundreds): where each run of dark modules starts,
    # as a mask over the cells ("01" is the start of a run; every row is followed by a "0"), picks its
    # stroke's start from _moves; the runs themselves, split at the light modules, give the lengths.
    starts = ("0" + cells).replace("01", "0S")[1:].encode("ascii").translate(_RUN_START)
    lengths = map(_LENGTHS.__getitem__, map(len, filter(None, cells.split("0"))))
    strokes = map(operator.add, compress(_moves(size), starts), lengths)
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
