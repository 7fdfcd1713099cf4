"""generator/qr_encode.py makes, module for module, the matrix segno makes for
`segno.make(text, error="m", micro=False, mask=0)`; qr.svg draws it exactly as the segno-based
version did; what it draws decodes (zxing-cpp) to the address."""

from __future__ import annotations

import html
import random
import re
from urllib.parse import quote

import pytest
import segno
from segno import consts

from generator import qr, qr_encode


def segno_matrix(text: str) -> tuple[bytes, ...]:
    return tuple(bytes(row) for row in segno.make(text, error="m", micro=False, mask=0).matrix)


def old_svg(url: str, label: str) -> str:
    """qr.svg as it was before qr_encode.py (commit 41cf1c2): segno's matrix, drawn the same way."""
    code = segno.make(url, error="m", micro=False, mask=0)
    size = len(code.matrix) + 2 * 4
    strokes = []
    for y, row in enumerate(code.matrix):
        for run in re.finditer(rb"\x01+", bytes(row)):
            strokes.append(f"M{run.start() + 4} {y + 4}.5h{run.end() - run.start()}")
    label = html.escape(label, quote=True)
    pixels = size * 3
    return (f'<svg role="img" aria-label="{label}" width="{pixels}" height="{pixels}" viewBox="0 0 {size} {size}" '
            f'class="segno"><title>{label}</title><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(strokes)}"/></svg>')


BASE = "https://example.github.io/reportsite/"
SITE_URLS = [
    BASE,
    BASE + "en/",
    BASE + "reports/xiangcheng-2024h1-plan-execution/",
    BASE + "en/reports/xiangcheng-2024h1-plan-execution/",
    BASE + "en/reports/zhangzhou-2022-work-report/",
    BASE + "indicators/gdp-growth/",
    BASE + "en/regions/xiangcheng/",
    "https://reports.example.gov.cn/",
    "http://localhost:8000/en/reports/x/",
]
# Inputs on which segno picks other bytes or another mode than UTF-8 in byte mode.
ODD_INPUTS = [
    "",  # byte mode, no data
    "20240601",  # numeric
    "1",
    "HTTPS://EXAMPLE.GITHUB.IO/REPORTSITE/EN/REPORTS/X/",  # alphanumeric
    "HTTP://A.B/$%*+-./: ",
    "湘城報告",  # every character a Shift_JIS double byte: kanji mode
    "\x81@",  # ISO-8859-1 bytes that happen to be a Shift_JIS kanji pair
    "https://example.org/café/",  # ISO-8859-1 bytes
    BASE + "reports/湘城報告/",  # Shift_JIS bytes in byte mode
    BASE + "reports/计划执行/",  # only UTF-8 can write it
    BASE + "reports/" + quote("相城区2024年上半年计划执行情况") + "/",
]


def _random_urls(count: int, seed: int = 20240601) -> list[str]:
    """Addresses of the site's shapes with paths of many lengths (versions 1 to ~20)."""
    rnd = random.Random(seed)
    words = ["xiangcheng", "zhangzhou", "2024h1", "2022", "plan", "execution", "work", "report", "budget", "gdp"]
    chinese = ["相城", "计划", "执行", "報告", "湘城", "年", "区"]
    urls = []
    for i in range(count):
        parts = []
        for _ in range(rnd.randint(0, 1 + i // 12)):
            kind = rnd.random()
            if kind < 0.6:
                parts.append("-".join(rnd.choice(words) for _ in range(rnd.randint(1, 4))))
            elif kind < 0.85:
                parts.append(quote("".join(rnd.choice(chinese) for _ in range(rnd.randint(1, 6)))))
            else:
                parts.append("".join(rnd.choice(chinese) for _ in range(rnd.randint(1, 4))))
        base = rnd.choice([BASE, BASE + "en/", "https://x.cn/", "http://h/"])
        urls.append(base + "".join(p + "/" for p in parts) + ("?q=" + str(i) if rnd.random() < 0.2 else ""))
    return urls


RANDOM_URLS = _random_urls(300)


def _byte_capacity(version: int) -> int:
    """Most ISO-8859-1 bytes a version holds at level M, by segno's own capacity table."""
    count_bits = consts.CHAR_COUNT_INDICATOR_LENGTH[consts.MODE_BYTE][1 if version < 10 else 2 if version < 27 else 3]
    return (consts.SYMBOL_CAPACITY[version][consts.ERROR_LEVEL_M] - 4 - count_bits) // 8


def _filler(length: int, seed: int) -> str:
    rnd = random.Random(seed)
    text = BASE + "reports/"
    return (text + "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789-/") for _ in range(length)))[:length]


# The longest address of each version, and one byte more (the next version; none after 40).
BOUNDARY = [(_filler(_byte_capacity(v) + extra, v), v + extra) for v in range(1, 41) for extra in (0, 1)
            if v + extra <= 40]


def test_the_generated_addresses_cover_versions_1_to_15_and_more():
    sizes = {len(qr_encode.matrix(url)) for url in RANDOM_URLS}  # segno's sizes: see the next test
    assert {4 * version + 17 for version in range(1, 16)} <= sizes


@pytest.mark.parametrize("url", SITE_URLS + ODD_INPUTS + RANDOM_URLS)
def test_matrix_is_segnos(url):
    assert qr_encode.matrix(url) == segno_matrix(url)


@pytest.mark.parametrize(("url", "version"), BOUNDARY, ids=[f"v{v}-{len(u)}" for u, v in BOUNDARY])
def test_matrix_is_segnos_at_each_versions_capacity(url, version):
    assert segno.make(url, error="m", micro=False, mask=0).version == version
    matrix = qr_encode.matrix(url)
    assert len(matrix) == 4 * version + 17
    assert matrix == segno_matrix(url)


def test_short_data_raises_the_level_as_segno_does():
    """segno's boost_error: Q or H when the chosen version still holds the data at that level."""
    levels = set()
    for length in range(0, 120):
        text = _filler(length, length)
        levels.add(segno.make(text, error="m", micro=False, mask=0).error)
        assert qr_encode.matrix(text) == segno_matrix(text), length
    assert levels == {"M", "Q", "H"}


def test_modes_are_segnos():
    modes = {segno.make(text, error="m", micro=False, mask=0).mode for text in ODD_INPUTS}
    assert modes == {"byte", "numeric", "alphanumeric", "kanji"}


@pytest.mark.parametrize("url", SITE_URLS + ODD_INPUTS + RANDOM_URLS[::10])
def test_svg_is_the_old_svg(url):
    label = f"QR code of this page's address: {url} <&\">"
    assert qr.svg(url, label) == old_svg(url, label)


def test_too_long_for_version_40_is_a_clear_error():
    fits = "h" * _byte_capacity(40)
    assert len(qr_encode.matrix(fits)) == 177
    with pytest.raises(segno.DataOverflowError):  # segno refused it too: callers saw a ValueError then
        segno.make(fits + "h", error="m", micro=False, mask=0)
    with pytest.raises(qr_encode.DataOverflowError, match="too long for a QR code") as raised:
        qr.svg(fits + "h", "label")
    assert isinstance(raised.value, ValueError)


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
    _filler(_byte_capacity(15), 15),  # version 15: alignment patterns and version information
    "HTTPS://EXAMPLE.GITHUB.IO/REPORTSITE/",  # alphanumeric, level boosted
])
def test_rendered_code_decodes_to_the_address(url):
    found = _decode(qr.svg(url, "label"))
    assert [barcode.text for barcode in found] == [url]


def test_non_ascii_address_decodes_to_the_bytes_segno_chose():
    # Not UTF-8: segno writes Shift_JIS when the text fits it (and no ECI header), as qr_encode does.
    url = BASE + "reports/湘城報告/"
    found = _decode(qr.svg(url, "label"))
    assert [barcode.bytes for barcode in found] == [url.encode("shift_jis")]
