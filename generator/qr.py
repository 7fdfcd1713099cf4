"""QR codes of page addresses, drawn at build time as inline SVG (no network, no image files).

segno encodes each address; the code is drawn here as one horizontal stroke per run of dark modules,
which keeps the inline SVG small. Each address is encoded once per build (cached by URL and label)."""

from __future__ import annotations

import functools
import html
import re

import segno

SCALE, BORDER = 3, 4
_DARK_RUN = re.compile(rb"\x01+")


@functools.lru_cache(maxsize=8192)
def svg(url: str, label: str) -> str:
    """One-line <svg> of the URL's QR code, labelled for screen readers (`label` is plain text).

    Level M survives a smudged print or a partly covered code; the URL itself fixes the size. A fixed
    mask (0): choosing the best of eight means scoring each, a thousand-report site has two thousand
    codes, and every reader decodes any mask the same. Raises segno.DataOverflowError (a ValueError) for
    an address too long for any QR code."""
    code = segno.make(url, error="m", micro=False, mask=0)
    strokes = []
    for y, row in enumerate(code.matrix):
        for run in _DARK_RUN.finditer(bytes(row)):
            strokes.append(f"M{run.start() + BORDER} {y + BORDER}.5h{run.end() - run.start()}")
    size = len(code.matrix) + 2 * BORDER
    label = html.escape(label, quote=True)
    pixels = size * SCALE
    # role and aria-label on the element itself: the <title> child alone is not read everywhere.
    return (f'<svg role="img" aria-label="{label}" width="{pixels}" height="{pixels}" viewBox="0 0 {size} {size}" '
            f'class="segno"><title>{label}</title><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(strokes)}"/></svg>')
