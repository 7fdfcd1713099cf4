"""Reports as they arrive: PDF, Word and saved web pages read as well as their plain text.

The documents are made here from a real report of tests/realcorpus (its .txt is the reference): PDFs
printed by Chromium (one column with fake-bold headings, a running header and page numbers; two
columns under a title), a .docx with a table (python-docx), a government-style web page with its
chrome. Each is made once per session.
"""

from __future__ import annotations

import base64
import html
import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.extract import extract_file
from generator.model import ReportsiteError
from generator.read import decode_bytes, read_report, split_lines

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "realcorpus" / "a-hailaer-2018-work-report.txt"
RUNNING_HEADER = "政府工作报告（印发稿）"
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
TABLE = [["指标", "计划", "完成"], ["项目甲", "12", "15"], ["项目乙", "30", "28"]]


def _paragraphs() -> list[str]:
    text, _ = decode_bytes(REPORT.read_bytes())
    return [line.strip() for line in split_lines(text) if line.strip()]


def _body_html(paragraphs: list[str], fake_bold: bool) -> str:
    out = []
    for text in paragraphs:
        escaped = html.escape(text)
        if HEADING.match(text) and len(text) < 40:
            # Fake bold as Word exports it: the heading drawn a second time 0.3 px to the right.
            double = f'<span class="again" aria-hidden="true">{escaped}</span>' if fake_bold else ""
            out.append(f'<h3 class="fb">{escaped}{double}</h3>')
        else:
            out.append(f"<p>{escaped}</p>")
    return "\n".join(out)


STYLE = """<style>
body { font-family: 'Noto Serif CJK SC', serif; font-size: 11pt; line-height: 1.6; }
p { text-indent: 2em; margin: 0 0 0.3em 0; text-align: justify; }
h1 { font-size: 16pt; text-align: center; }
h3 { font-size: 12pt; position: relative; margin: 0.6em 0 0.3em 0; }
h3 .again { position: absolute; left: 0.3px; top: 0; }
.cols { column-count: 2; column-gap: 2.5em; }
</style>"""


def _print_pdf(browser, body: str, path: Path, header: bool) -> Path:
    page = browser.new_page()
    try:
        page.set_content(f"<!doctype html><html><head><meta charset='utf-8'>{STYLE}</head><body>{body}</body></html>")
        options = {"path": str(path), "format": "A4",
                   "margin": {"top": "2.2cm", "bottom": "2.2cm", "left": "2.2cm", "right": "2.2cm"}}
        if header:
            options.update(display_header_footer=True,
                           header_template=f"<div style='font-size:9px;width:100%;text-align:center'>"
                                           f"{RUNNING_HEADER}</div>",
                           footer_template="<div style='font-size:9px;width:100%;text-align:center'>"
                                           "— <span class='pageNumber'></span> —</div>")
        page.pdf(**options)
    finally:
        page.close()
    return path


@pytest.fixture(scope="session")
def documents(tmp_path_factory, browser) -> dict[str, Path]:
    """Every format of the one report, and the bad files, made once."""
    import docx
    from PIL import Image, ImageDraw

    folder = tmp_path_factory.mktemp("formats")
    paragraphs = _paragraphs()
    made = {"txt": folder / "report.txt"}
    shutil.copy(REPORT, made["txt"])
    made["pdf"] = _print_pdf(browser, _body_html(paragraphs, fake_bold=True), folder / "report.pdf", header=True)
    title, rest = paragraphs[0], paragraphs[1:]
    made["pdf2"] = _print_pdf(browser, f"<h1>{html.escape(title)}</h1><div class='cols'>"
                              f"{_body_html(rest, fake_bold=False)}</div>", folder / "columns.pdf", header=False)

    document = docx.Document()
    for index, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if index == 10:  # a table where the text stands, as a report's table of figures
            table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            for row, values in zip(table.rows, TABLE, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    made["docx"] = folder / "report.docx"
    document.save(made["docx"])

    article = "".join(f"<p>　　{html.escape(text)}</p>\n" for text in rest)
    made["html"] = folder / "report.html"
    made["html"].write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script>var visits = 0;</script></head><body>
<div class="top-menu"><ul><li><a href="/">网站首页</a></li><li><a href="/xw">新闻中心</a></li>
<li><a href="/gk">政府信息公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a> &gt; 政府工作报告</div>
<div class="main"><h1 class="article-title">{html.escape(title)}</h1>
<div class="info">来源：区政府办公室　发布时间：2018-03-12 09:30　阅读次数：4821　【字体：大 中 小】【打印】</div>
<div class="article-body" id="zoom">{article}</div>
<div class="xgwz"><h4>相关阅读</h4><ul><li><a href="/a">2017年政府工作报告</a></li>
<li><a href="/b">2016年国民经济和社会发展计划执行情况</a></li></ul></div></div>
<div class="footer">版权所有：区人民政府办公室　ICP备12345678号　网站标识码：1234567890</div>
</body></html>""", encoding="utf-8")

    image = Image.new("RGB", (800, 1000), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 700, 300), outline="black", width=5)
    png = io.BytesIO()
    image.save(png, "PNG")
    picture = base64.b64encode(png.getvalue()).decode()
    made["scanned"] = _print_pdf(browser, f"<img src='data:image/png;base64,{picture}' style='width:100%'>",
                                 folder / "scanned.pdf", header=False)
    made["truncated_pdf"] = folder / "truncated.pdf"
    made["truncated_pdf"].write_bytes(made["pdf"].read_bytes()[:4000])
    made["truncated_docx"] = folder / "truncated.docx"
    made["truncated_docx"].write_bytes(made["docx"].read_bytes()[:3000])
    made["encrypted"] = folder / "encrypted.pdf"
    made["encrypted"].write_bytes(_encrypted_pdf())
    return made


def _encrypted_pdf() -> bytes:
    """A one-page PDF behind the standard security handler, whose user password is not empty (its /U
    entry matches no password a reader tries)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objects) + 1) + b"ab" * 16 + b"> <"
            + b"ab" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def _figures(path: Path) -> Counter:
    _meta, _clean, figures = extract_file(path)
    return Counter((f.value, f.unit, f.name_zh) for f in figures)


@pytest.fixture(scope="session")
def reference(documents) -> Counter:
    return _figures(documents["txt"])


def _refusal(path: Path) -> str:
    with pytest.raises(ReportsiteError) as caught:
        read_report(path)
    message = caught.value.line()
    assert "\n" not in message and str(path.name) in message
    return message


pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", ["pdf", "pdf2", "docx", "html"])
def test_each_format_gives_the_figures_of_the_text(documents, reference, kind):
    found = _figures(documents[kind])
    ratio = sum((found & reference).values()) / sum(reference.values())
    print(f"{kind}: {ratio:.1%} of {sum(reference.values())} figures")
    assert ratio >= 0.95, sorted((reference - found).elements())[:10]


def test_pdf_lines_have_pages_and_no_running_header_or_page_numbers(documents):
    source = read_report(documents["pdf"])
    assert source.pages is not None and len(source.pages) == len(source.lines)
    assert source.pages[0] == 1 and source.pages[-1] >= 3  # a report of ~27 kB prints on several pages
    assert source.pages == sorted(source.pages)
    text = "\n".join(source.lines)
    assert RUNNING_HEADER not in text
    assert not any(re.fullmatch(r"[—\s\d-]+", line) for line in source.lines if line)
    # Wrapped rows are joined: each paragraph of the text is one line of the PDF's text.
    lines = set(source.lines)
    paragraphs = [p for p in _paragraphs() if len(p) > 30]
    assert sum(p in lines for p in paragraphs) >= 0.9 * len(paragraphs)


def test_fake_bold_headings_come_out_single(documents):
    lines = read_report(documents["pdf"]).lines
    headings = [p for p in _paragraphs() if HEADING.match(p) and len(p) < 40]
    assert headings
    for heading in headings:
        assert heading in lines
        doubled = "".join(char * 2 for char in heading[:3])
        assert not any(doubled in line for line in lines)


def test_two_columns_are_read_one_after_the_other(documents):
    lines = [line for line in read_report(documents["pdf2"]).lines if line]
    paragraphs = [p for p in _paragraphs()[1:] if len(p) > 30]
    assert lines[0] == _paragraphs()[0]  # the title across both columns comes first
    positions = [lines.index(p) for p in paragraphs if p in lines]
    assert len(positions) >= 0.9 * len(paragraphs)  # whole paragraphs: the columns are not interleaved
    assert positions == sorted(positions)


def test_docx_keeps_paragraphs_and_table_rows_in_place(documents):
    lines = [line for line in read_report(documents["docx"]).lines if line]
    rows = ["\t".join(row) for row in TABLE]
    at = lines.index(rows[0])
    assert lines[at:at + len(rows)] == rows
    assert lines[at - 1] == _paragraphs()[10]


def test_web_page_gives_the_article_and_its_byline_without_chrome(documents):
    lines = [line for line in read_report(documents["html"]).lines if line]
    text = "\n".join(lines)
    for chrome in ("网站首页", "当前位置", "相关阅读", "版权所有", "阅读次数", "4821", "打印", "visits"):
        assert chrome not in text
    assert lines[0] == _paragraphs()[0]
    assert "来源：区政府办公室 发布时间：2018-03-12 09:30" in lines[:4]
    assert lines[-1] == _paragraphs()[-1].strip()


@pytest.mark.parametrize(("kind", "message"), [
    ("scanned", "no text layer: a scanned PDF; run OCR first or supply the text"),
    ("encrypted", "encrypted PDF"),
    ("truncated_pdf", "corrupt or unreadable PDF"),
    ("truncated_docx", "corrupt or unreadable Word document"),
])
def test_unreadable_files_get_one_line(documents, kind, message):
    assert message in _refusal(documents[kind])


def test_old_word_and_unknown_files_refused(tmp_path):
    from generator.seed_files import report_names

    old = tmp_path / "report.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert "save it as .docx or PDF" in _refusal(old)
    with pytest.raises(ReportsiteError, match=r"seeds/x\.txt: same name as seeds/x\.pdf"):
        report_names(["x.txt", "x.pdf", "reports.yaml"], "seeds")
    with pytest.raises(ReportsiteError, match=r"seeds/y\.wps: .*save it as \.docx"):
        report_names(["y.wps"], "seeds")
    with pytest.raises(ReportsiteError, match=r"seeds/z\.xlsx: not a report file type"):
        report_names(["z.xlsx"], "seeds")
    assert report_names(["b.pdf", "a.txt", "c.docx", "d.htm", "reports.yaml", ".x.txt"], "seeds") == [
        "a.txt", "b.pdf", "c.docx", "d.htm"]


def test_build_publishes_the_originals_beside_the_text(tmp_path, documents):
    from generator.build import Project, build
    from tests.conftest import copy_project

    root = copy_project(tmp_path)
    seeds = root / "seeds"
    for old in seeds.iterdir():
        old.unlink()
    for kind, name in (("pdf", "a.pdf"), ("docx", "b.docx"), ("html", "c.html")):
        shutil.copy(documents[kind], seeds / name)
    (seeds / "reports.yaml").write_text("a.pdf: {id: report-pdf}\nb.docx: {id: report-docx}\n"
                                        "c.html: {id: report-html}\n", encoding="utf-8")
    project = Project(root)
    build(project)
    site = project.site
    for rid, seed in (("report-pdf", "a.pdf"), ("report-docx", "b.docx"), ("report-html", "c.html")):
        suffix = Path(seed).suffix
        assert (site / "sources" / f"{rid}{suffix}").read_bytes() == (seeds / seed).read_bytes()
        for page in (site / "sources" / rid / "index.html", site / "en" / "sources" / rid / "index.html"):
            text = page.read_text(encoding="utf-8")
            assert f'href="../{rid}{suffix}"' in text or f'href="../../../sources/{rid}{suffix}"' in text
    pdf_page = (site / "sources" / "report-pdf" / "index.html").read_text(encoding="utf-8")
    assert 'href="../report-pdf.pdf#page=2"' in pdf_page and "第2页" in pdf_page
    report_page = (site / "reports" / "report-pdf" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"第\d+行, 第\d+页", report_page)
