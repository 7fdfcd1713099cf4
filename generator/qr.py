"""QR codes of page addresses, drawn at build time as inline SVG (segno; no network, no image files)."""

from __future__ import annotations

import html
import re

import segno

MASK = 0
SCALE, BORDER = 3, 4
_DARK_RUN = re.compile(rb"\x01+")


def qr_code(url: str) -> segno.QRCode:
    # Level M survives a smudged print or a partly covered code; the URL itself fixes the size.
    # A fixed mask: choosing the best of eight costs ~10 ms a code (segno scores each in Python), a
    # thousand-report site has two thousand codes, and every reader decodes any mask the same.
    return segno.make(url, error="m", micro=False, mask=MASK)


def svg(url: str, label: str) -> str:
    """One-line <svg> of the URL's QR code, labelled for screen readers (`label` is plain text).

    Drawn here rather than by segno's SVG writer, which walks the matrix module by module: one
    horizontal stroke per run of dark modules, found with a regex over each row's bytes."""
    code = qr_code(url)
    size = len(code.matrix) + 2 * BORDER
    strokes = []
    for y, row in enumerate(code.matrix):
        for run in _DARK_RUN.finditer(bytes(row)):
            strokes.append(f"M{run.start() + BORDER} {y + BORDER}.5h{run.end() - run.start()}")
    label = html.escape(label, quote=True)
    pixels = size * SCALE
    # role and aria-label on the element itself: the <title> child alone is not read everywhere.
    return (f'<svg role="img" aria-label="{label}" width="{pixels}" height="{pixels}" viewBox="0 0 {size} {size}" '
            f'class="segno"><title>{label}</title><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(strokes)}"/></svg>')
