"""read_report: encodings detected by trial decoding; non-report input refused with one line."""

from __future__ import annotations

import pytest

from generator.model import ReportsiteError
from generator.read import MAX_BYTES, read_report

TEXT = "——地区生产总值 481.35 亿元，增长 9.1%；\n全市城镇新增就业１．２万人。\n"


def _refusal(path) -> str:
    with pytest.raises(ReportsiteError) as caught:
        read_report(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_utf8(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    source = read_report(path)
    assert source.encoding == "utf-8"
    assert source.lines == ["——地区生产总值 481.35 亿元，增长 9.1%；", "全市城镇新增就业１．２万人。"]


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    source = read_report(path)
    assert source.encoding == "utf-8-sig"
    assert source.lines[0].startswith("——地区生产总值")  # no BOM left in the text


def test_gb18030(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    source = read_report(path)
    assert source.encoding == "gb18030"
    assert source.lines[1] == "全市城镇新增就业１．２万人。"


def test_gbk_bytes_read_as_gb18030(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("芗城区2024年上半年主要经济指标".encode("gbk"))
    assert read_report(path).lines == ["芗城区2024年上半年主要经济指标"]


def test_line_endings_all_count_as_lines(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("一\r\n二\r三\n\n五".encode())
    assert read_report(path).lines == ["一", "二", "三", "", "五"]


def test_empty_file_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _refusal(path).endswith("empty.txt: empty file (expected report text)")


def test_whitespace_only_file_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\r\n\t\n")
    assert _refusal(path).endswith("blank.txt: empty file (expected report text)")


def test_binary_file_refused(tmp_path):
    path = tmp_path / "x.txt"  # (a .pdf is read as a PDF: a broken one is refused as such, test_input_formats.py)
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary\x00")
    assert _refusal(path).endswith("x.txt: binary file (NUL bytes; expected report text)")


def test_control_characters_refused(tmp_path):
    path = tmp_path / "ctl.txt"
    path.write_bytes(bytes(range(1, 9)) * 200)
    assert _refusal(path).endswith("ctl.txt: binary file (mostly control characters; expected report text)")


def test_undecodable_file_refused(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("正常文字".encode() + b"\xff\xfe\xff")
    message = _refusal(path)
    assert message.endswith("bad.txt: not UTF-8 or GB18030 text (undecodable byte at offset 12)")


def test_twenty_megabyte_file_refused(tmp_path):
    path = tmp_path / "huge.txt"
    size = 20 * 1024 * 1024
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: cheap to make, still 20 MB by size
    message = _refusal(path)
    assert message.endswith(f"huge.txt: file too large ({size} bytes; limit {MAX_BYTES} bytes for a report)")


def test_one_megabyte_single_line_reads_whole(tmp_path):
    # Its speed is measured by `make bench` ("as one line"), not here.
    path = tmp_path / "long.txt"
    line = "地区生产总值增长7.5%左右，" * (1024 * 1024 // 45)
    path.write_text(line, encoding="utf-8")
    source = read_report(path)
    assert len(source.lines) == 1 and source.lines[0] == line


def test_missing_file_is_one_line_error(tmp_path):
    message = _refusal(tmp_path / "nope.txt")
    assert "nope.txt: cannot read file" in message


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    source = read_report(path)
    assert source.encoding == "utf-16" and source.lines[0].startswith("——地区生产总值")
