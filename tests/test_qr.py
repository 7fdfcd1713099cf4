"""QR codes on the pages: segno encodes the page's address, generator/qr.py draws it as inline SVG; a
reader's camera (zxing-cpp here) gets the address back."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import segno

from generator import qr

BASE = "https://example.github.io/reportsite/"


def _decode(svg: str):
    """zxing-cpp's reading of what the <svg> draws: its strokes painted 4 pixels a module."""
    zxingcpp = pytest.importorskip("zxingcpp")
    image_module = pytest.importorskip("PIL.Image")
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = image_module.new("L", (size, size), 255)
    strokes = re.search(r'stroke="#000" d="([^"]*)"', svg).group(1)
    for x, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", strokes):
        for dx in range(int(length)):
            image.putpixel((int(x) + dx, int(y)), 0)
    return zxingcpp.read_barcodes(image.resize((4 * size, 4 * size), image_module.NEAREST))


@pytest.mark.parametrize("url", [
    BASE + "en/reports/xiangcheng-2024h1-plan-execution/",
    BASE + "reports/" + quote("相城区2024年上半年计划执行情况") + "/",
    BASE + "reports/" + "a" * 300 + "/",  # a large code: alignment patterns and version information
    "HTTPS://EXAMPLE.GITHUB.IO/REPORTSITE/",  # alphanumeric
])
def test_rendered_code_decodes_to_the_address(url):
    found = _decode(qr.svg(url, "label"))
    assert [barcode.text for barcode in found] == [url]


def test_the_code_is_segnos_at_level_m_with_a_quiet_zone():
    url = BASE + "reports/zhangzhou-2022-work-report/"
    svg = qr.svg(url, "QR code of this page's address <&>")
    size = len(segno.make(url, error="m", micro=False, mask=0).matrix) + 2 * qr.BORDER
    assert f'viewBox="0 0 {size} {size}"' in svg and f'width="{size * qr.SCALE}"' in svg
    assert 'role="img" aria-label="QR code of this page&#x27;s address &lt;&amp;&gt;"' in svg
    assert "<title>QR code of this page&#x27;s address &lt;&amp;&gt;</title>" in svg


def test_too_long_for_any_qr_code_is_a_value_error():
    with pytest.raises(ValueError):
        qr.svg(BASE + "x" * 4000, "label")
