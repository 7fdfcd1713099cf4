"""In Chromium: the language switcher keeps the reader on the same page, and a report page's QR code
decodes (zxing-cpp, from a screenshot of the SVG as drawn) to that page's canonical URL."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.browser

REPORTS = ["xiangcheng-2023-work-report", "zhangzhou-2022-work-report", "xiangcheng-2024h1-plan-execution"]


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def _switch_to(page, lang: str) -> None:
    page.locator(".md-header .md-select button").hover()
    link = page.locator(f".md-select a.md-select__link[hreflang='{lang}']")
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize("path", ["reports/zhangzhou-2022-work-report/", "indicators/gdp/", "regions/xiangcheng/",
                                  "links/", "methodology/", ""])
def test_switching_language_keeps_the_page(page, site_url, path):
    page.goto(f"{site_url}/{path}")
    assert page.evaluate("document.documentElement.lang") == "zh"
    _switch_to(page, "en")
    assert page.url == f"{site_url}/en/{path}"
    assert page.evaluate("document.documentElement.lang") == "en"
    _switch_to(page, "zh")
    assert page.url == f"{site_url}/{path}"
    assert page.evaluate("document.documentElement.lang") == "zh"


@pytest.mark.parametrize("lang_dir", ["", "en/"])
@pytest.mark.parametrize("report", REPORTS)
def test_qr_code_decodes_to_the_canonical_url(page, site_url, artifacts, lang_dir, report):
    import zxingcpp
    from PIL import Image

    page.goto(f"{site_url}/{lang_dir}reports/{report}/")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical.endswith(f"/{lang_dir}reports/{report}/") and canonical.startswith("https://")
    code = page.locator(".rs-qr svg")
    assert code.count() == 1
    code.scroll_into_view_if_needed()
    png = code.screenshot()
    (artifacts / f"qr-{lang_dir.strip('/') or 'zh'}-{report}.png").write_bytes(png)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert [r.text for r in found] == [canonical]
    assert canonical in code.get_attribute("aria-label")
    # The same address is written out beside the code, for readers who cannot scan.
    assert page.locator(".rs-qr figcaption a").get_attribute("href") == canonical
