"""Search in both languages (Material's search in Chromium): a Chinese word and an English phrase each
find the right report pages, and the results in the reader's language come first."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Every seed report states a target or a result for fixed-asset investment (固定资产投资).
REPORTS = {"xiangcheng-2023-work-report", "zhangzhou-2022-work-report", "xiangcheng-2024h1-plan-execution"}


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def search(page, url: str, query: str) -> list[str]:
    """Result page paths, best first, as Material's search lists them."""
    page.goto(url)
    page.wait_for_timeout(2500)  # Material's search worker loads its index
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15_000)
    # Material lists ten results, then four more each time the list is scrolled to its end (a last
    # batch of fewer than four never shows): scroll until the list stops growing, as a reader would.
    groups = page.locator(".md-search-result__list > .md-search-result__item")
    count = -1
    while count != (count := groups.count()):
        groups.last.scroll_into_view_if_needed()
        page.wait_for_timeout(400)
    hrefs = page.eval_on_selector_all(".md-search-result__list > .md-search-result__item > a.md-search-result__link",
                                      "els => els.map(e => e.getAttribute('href'))")
    return [urlsplit(urljoin(page.url, h)).path for h in hrefs]


def _reports(paths: list[str], prefix: str) -> set[str]:
    depth = len(prefix.split("/"))
    return {p[len(prefix):].strip("/") for p in paths if p.startswith(prefix) and p.count("/") == depth}


def test_chinese_word_finds_the_chinese_report_pages_first(tab, site_url):
    paths = search(tab, f"{site_url}/", "固定资产投资")
    assert REPORTS <= _reports(paths, "/reports/"), paths
    assert not paths[0].startswith("/en/"), paths
    first_english = next((i for i, p in enumerate(paths) if p.startswith("/en/")), len(paths))
    assert all(not p.startswith("/en/") for p in paths[:first_english])
    assert first_english >= len(REPORTS), f"Chinese results first: {paths}"


def test_english_phrase_finds_the_english_pages_first(tab, site_url):
    paths = search(tab, f"{site_url}/en/", "fixed-asset investment")
    assert paths and paths[0].startswith("/en/"), paths
    assert "/en/indicators/fixed-asset-investment/" in paths, paths
    assert REPORTS <= _reports(paths, "/en/reports/"), paths
    chinese = [p for p in paths if not p.startswith("/en/")]
    assert not chinese, f"English query found Chinese pages: {paths}"


def test_english_single_word_is_not_stemmed_away(tab, site_url):
    paths = search(tab, f"{site_url}/en/", "investment")
    assert REPORTS <= _reports(paths, "/en/reports/"), paths


@pytest.mark.parametrize("prefix, query", [("en/", "GDP"), ("", "地区生产总值"), ("en/", "gross regional product")])
def test_the_words_people_type_find_the_indicator_page_first(tab, site_url, prefix, query):
    # An indicator's page is where its name leads (the reports that mention it come after): by its
    # catalog name, by its English abbreviation (aliases_en), in each language's own pages.
    paths = search(tab, f"{site_url}/{prefix}", query)
    assert paths[0] == f"/{prefix}indicators/gdp/", paths
