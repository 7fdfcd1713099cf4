"""QR codes of page addresses, drawn at build time as inline SVG (segno; no network, no image files)."""

from __future__ import annotations

import html

import segno

MASK = 0


def qr_code(url: str) -> segno.QRCode:
    # Level M survives a smudged print or a partly covered code; the URL itself fixes the size.
    # A fixed mask: choosing the best of eight costs ~10 ms a code (segno scores each in Python), a
    # thousand-report site has two thousand codes, and every reader decodes any mask the same.
    return segno.make(url, error="m", micro=False, mask=MASK)


def svg(url: str, label: str) -> str:
    """One-line <svg> of the URL's QR code, labelled for screen readers (`label` is plain text)."""
    code = qr_code(url)
    markup = code.svg_inline(scale=3, border=4, dark="#000", light="#fff", title=label)
    # role and aria-label on the element itself: the <title> child alone is not read everywhere.
    return markup.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" ', 1)
