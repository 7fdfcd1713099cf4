"""A report page prints on A4 as a clean document: navigation, header, search and footer hidden; tables,
the chart and the QR code kept; the page's address and dates at the foot."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

REPORT = "xiangcheng-2024h1-plan-execution"

VISIBLE = """(selector) => Array.from(document.querySelectorAll(selector)).some(el => {
  const style = getComputedStyle(el); const box = el.getBoundingClientRect();
  return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
})"""


@pytest.fixture(scope="module")
def printed(browser, site_url, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    results = {}
    for lang_dir in ("", "en/"):
        page.goto(f"{site_url}/{lang_dir}reports/{REPORT}/")
        screen = {sel: page.evaluate(VISIBLE, sel) for sel in (".md-header", ".rs-print-footer")}
        page.emulate_media(media="print")
        shown = {sel: page.evaluate(VISIBLE, sel) for sel in (
            ".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-tabs",
            ".md-select", "table", ".rs-chart-canvas .rs-bar", ".rs-qr svg", ".rs-print-footer")}
        footer = page.locator(".rs-print-footer").inner_text()
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        pdf = page.pdf(format="A4", print_background=False)
        (artifacts / f"print-{lang_dir.strip('/') or 'zh'}-{REPORT}.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
        results[lang_dir or "zh"] = {"screen": screen, "print": shown, "footer": footer, "canonical": canonical,
                                     "pdf": pdf}
    context.close()
    return results


@pytest.mark.parametrize("lang", ["zh", "en/"])
def test_print_hides_navigation_and_keeps_the_content(printed, lang):
    shown = printed[lang]["print"]
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                   ".md-tabs", ".md-select"):
        assert not shown[hidden], f"{hidden} printed"
    for kept in ("table", ".rs-chart-canvas .rs-bar", ".rs-qr svg", ".rs-print-footer"):
        assert shown[kept], f"{kept} missing from print"
    # on screen it is the other way round for the header and the print-only footer
    assert printed[lang]["screen"][".md-header"] and not printed[lang]["screen"][".rs-print-footer"]


@pytest.mark.parametrize("lang", ["zh", "en/"])
def test_print_footer_has_address_and_dates(printed, lang):
    footer = printed[lang]["footer"]
    assert printed[lang]["canonical"] in footer
    assert re.search(r"\d{4}-\d{2}-\d{2}", footer), footer  # printed on
    assert ("August 2024" if lang == "en/" else "2024年8月") in footer  # the report's date
    assert ("H1 2024" if lang == "en/" else "2024年上半年") in footer


@pytest.mark.parametrize("lang", ["zh", "en/"])
def test_pdf_is_a4(printed, lang):
    pdf = printed[lang]["pdf"]
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 is 595.28 x 841.89 pt; Chromium rounds to whole pixels
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2, (width, height)
    assert 1 <= len(boxes) <= 30


@pytest.mark.parametrize("lang", ["zh", "en/"])
def test_a_report_page_prints_on_at_most_three_a4_sheets(printed, lang):
    # The verdict, the first chart, the first table (its judged rows) and the page's address and QR code.
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", printed[lang]["pdf"]))
    assert 1 <= sheets <= 3, sheets
