"""What a reader sees in Chromium: the verdict on the first screen of the half-year report page in both
languages, no table wider than the article at 1280 or 390 px, a page that weighs at most 600 KB with
everything it loads, and screenshots of every kind of page at both widths in test-artifacts/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

H1_REPORT = "xiangcheng-2024h1-plan-execution"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# One page of every kind the site has (the report page's full length is shot as well).
KINDS = {"home": "", "reports": "reports/", "report": f"reports/{H1_REPORT}/", "source": f"sources/{H1_REPORT}/",
         "indicators": "indicators/", "indicator": "indicators/gdp/", "regions": "regions/",
         "region": "regions/xiangcheng/", "data": "data/", "links": "links/", "methodology": "methodology/",
         "accessibility": "accessibility/"}
MAX_PAGE_BYTES = 600_000

TABLE_FIT = """() => {
  const article = document.querySelector('article');
  const width = article.clientWidth;
  return Array.from(article.querySelectorAll('table'))
    .filter(t => t.offsetParent !== null)  // shown (not inside a closed <details>)
    .map(t => ({width: Math.round(t.getBoundingClientRect().width), scroll: t.scrollWidth, article: width}))
    .filter(t => t.width > t.article + 1 || t.scroll > t.article + 1);
}"""


@pytest.fixture(scope="module")
def context_of(browser):
    made = {}

    def get(name):
        if name not in made:
            width, height = WIDTHS[name]
            made[name] = browser.new_context(viewport={"width": width, "height": height})
        return made[name]
    yield get
    for context in made.values():
        context.close()


@pytest.mark.parametrize("prefix, on_track, behind", [("", "进度正常", "进度滞后"), ("en/", "On track", "Behind")])
def test_the_first_screen_says_how_many_targets_are_on_track_and_behind(context_of, site_url, prefix, on_track,
                                                                        behind):
    page = context_of("desktop").new_page()
    try:
        page.goto(f"{site_url}/{prefix}reports/{H1_REPORT}/")
        chips = page.locator(".rs-chips-line").first
        box = chips.bounding_box()
        assert box and box["y"] + box["height"] <= 900, box
        text = chips.inner_text()
        assert f"{on_track} 8" in " ".join(text.split()) and f"{behind} 5" in " ".join(text.split()), text
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_no_table_is_wider_than_the_article(context_of, site_url, width, prefix):
    page = context_of(width).new_page()
    try:
        for kind in ("report", "indicator", "region", "home", "source"):
            page.goto(f"{site_url}/{prefix}{KINDS[kind]}")
            assert page.evaluate(TABLE_FIT) == [], (kind, width)
    finally:
        page.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_report_page_weighs_at_most_600_kb_with_all_it_loads(context_of, site_url, prefix):
    page = context_of("desktop").new_page()
    sizes: dict[str, int] = {}

    def count(response):
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # a redirect or an aborted request has no body
            pass
    page.on("response", count)
    try:
        page.goto(f"{site_url}/{prefix}reports/{H1_REPORT}/", wait_until="networkidle")
        page.wait_for_timeout(1000)  # the search worker fetches its index after load
        total = sum(sizes.values())
        assert any(url.endswith("search_index.json") for url in sizes)
        assert total <= MAX_PAGE_BYTES, sorted(sizes.items(), key=lambda item: -item[1])[:5]
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_screenshots_of_every_kind_of_page(context_of, site_url, artifacts, width, prefix):
    page = context_of(width).new_page()
    folder = artifacts / "pages"
    folder.mkdir(exist_ok=True)
    lang = prefix.strip("/") or "zh"
    try:
        for kind, path in KINDS.items():
            page.goto(f"{site_url}/{prefix}{path}")
            shot = folder / f"{kind}-{lang}-{width}.png"
            page.screenshot(path=str(shot), full_page=kind == "report")
            assert shot.stat().st_size > 10_000, shot
    finally:
        page.close()
