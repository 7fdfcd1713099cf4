"""The built site in Chromium: every page from / and /en/, as a reader (and a screen reader) gets it.

One crawl (see conftest.py) visits every internal page once; each test below judges one aspect
of what the crawl recorded, so a failure names what is wrong and where.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml

from tests.browser.conftest import AXE_TAGS, SAMPLED_RULES, page_kind

pytestmark = pytest.mark.browser

AXE_VERSION = json.loads((Path(__file__).parent / "package.json").read_text())["devDependencies"]["axe-core"]
REPORT_PAGE = re.compile(r"^/(en/)?reports/[a-z0-9-]+/$")
INDICATOR_PAGE = re.compile(r"^/(en/)?indicators/[a-z0-9-]+/$")
H1_REPORT = "xiangcheng-2024h1-plan-execution"


def _path(url: str) -> str:
    return urlsplit(url).path


def test_crawl_reached_every_page_of_the_site(crawl, site_dir, built):
    """Every page MkDocs wrote is reachable by following links from / and /en/ (404.html aside, and the
    redirect pages at old addresses, which nothing on the site links to by design)."""
    redirects_file = built[0].data / "redirects.yaml"
    redirects = (yaml.safe_load(redirects_file.read_text(encoding="utf-8")) if redirects_file.exists() else None) or []
    moved = {f"/{prefix}{entry['from'].strip('/')}/" for entry in redirects for prefix in ("", "en/")}
    on_disk = {"/" + p.relative_to(site_dir).as_posix()[: -len("index.html")]
               for p in site_dir.rglob("index.html")} - moved
    crawled = {_path(url) for url in crawl.pages}
    assert on_disk - crawled == set(), "pages no link leads to"
    assert len(crawl.pages) >= 20
    phases = ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in crawl.timings.items())
    print(f"crawl: {len(crawl.pages)} pages, {crawl.requests} requests ({crawl.aborted_by_navigation} cancelled "
          f"by leaving a page), {crawl.seconds:.1f} s ({phases})")


def test_every_page_loads(crawl):
    bad = [(url, visit.status) for url, visit in crawl.pages.items() if visit.status != 200]
    assert not bad


def test_no_request_leaves_the_site(crawl):
    assert crawl.requests > len(crawl.pages)  # the listener saw the pages' own requests
    assert not crawl.external_requests, "\n".join(f"{page} -> {url}" for page, url in crawl.external_requests)


def test_no_failed_request(crawl):
    assert not crawl.failed_requests, "\n".join(f"{p} -> {u}: {why}" for p, u, why in crawl.failed_requests)


def test_no_console_error(crawl):
    assert not crawl.console_errors, "\n".join(f"{page}: {text}" for page, text in crawl.console_errors)


def test_no_dialog_opens(crawl):
    assert not crawl.dialogs


def test_every_anchor_points_to_an_element(crawl):
    """In-page and cross-page #fragments resolve against the ids of the page as the browser built it."""
    broken, checked = [], 0
    for url, visit in crawl.pages.items():
        for link in visit.links:
            target, fragment = urldefrag(link)
            if not fragment or target not in crawl.pages:
                continue
            checked += 1
            if unquote(fragment) not in crawl.pages[target].ids:
                broken.append(f"{url}: {link}")
    assert checked > 100
    assert not broken, "\n".join(broken[:50])


def test_pages_declare_their_language(crawl):
    wrong = [(url, visit.lang) for url, visit in crawl.pages.items()
             if visit.lang != ("en" if _path(url).startswith("/en/") else "zh")]
    assert not wrong


def test_every_report_page_renders_its_chart(crawl):
    reports = [url for url in crawl.pages if REPORT_PAGE.match(_path(url))]
    assert len(reports) >= 6  # three seed reports, two languages
    without = [url for url in reports if not crawl.pages[url].charts]
    assert not without, "report pages without a chart"


def test_every_chart_draws_its_rows_within_the_article(crawl):
    """Every chart on every page (report and indicator pages) has rows with bars or marks, and fits."""
    failed = [(url, chart) for url, visit in crawl.pages.items() for chart in visit.charts
              if not (chart["rows"] and chart["bars"] and chart["width"] > 0 and not chart["overflow"])]
    assert not failed


def test_no_serious_accessibility_violation(crawl):
    """axe-core, WCAG 2.1 A and AA rules, on every crawled page: no serious or critical violation."""
    found = []
    for url, visit in crawl.pages.items():
        assert len(visit.axe_rules) > 50, f"axe ran too few rules on {url}"
        assert "color-contrast" in visit.axe_rules or SAMPLED_RULES, f"colour contrast not checked on {url}"
        for violation in visit.axe:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{violation['id']} ({violation['impact']}) on {_path(url)}: {violation['help']}; "
                             f"{', '.join(violation['targets'])}")
    assert not found, f"{len(found)} violations:\n" + "\n".join(found[:80])
    # Every rule ran somewhere; the sampled ones on at least one page of every kind in both languages.
    kinds = {page_kind(url) for url in crawl.pages}
    for rule in SAMPLED_RULES:
        covered = {page_kind(url) for url, visit in crawl.pages.items() if rule in visit.axe_rules}
        assert covered == kinds, f"{rule} never ran on {sorted(kinds - covered)}"
    rules = set().union(*(visit.axe_rules for visit in crawl.pages.values()))
    print(f"axe {AXE_VERSION}: {len(rules)} rules ({', '.join(AXE_TAGS)}) on {len(crawl.pages)} pages, "
          f"{', '.join(SAMPLED_RULES)} on {len(kinds)} page kinds")


@pytest.mark.parametrize("start, expected", [
    (f"/reports/{H1_REPORT}/", f"/en/reports/{H1_REPORT}/"),
    (f"/en/reports/{H1_REPORT}/", f"/reports/{H1_REPORT}/"),
])
def test_language_switcher_keeps_the_report(browser_context, site_url, start, expected):
    page = browser_context.new_page()
    try:
        page.goto(site_url + start)
        target = "en" if expected.startswith("/en/") else "zh"
        page.locator(".md-header .md-select").hover()
        page.locator(f".md-select__link[hreflang='{target}']").click()
        page.wait_for_url(site_url + expected)
        assert page.evaluate("document.documentElement.lang") == target
        # The same report, not the home page: its GDP row is there in the other language too.
        assert page.locator("a[href$='indicators/gdp/']").count() > 0
    finally:
        page.close()


def _tab_until(page, predicate: str, limit: int = 60) -> dict | None:
    """Press Tab until the focused element matches `predicate` (a JS function of it); its facts."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        facts = page.evaluate(f"""() => {{
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const r = el.getBoundingClientRect();
            return {{match: ({predicate})(el), visible: r.width > 0 && r.height > 0 &&
                     getComputedStyle(el).visibility !== 'hidden', href: el.getAttribute('href'),
                     text: el.textContent.trim()}};
        }}""")
        if facts and facts["match"]:
            return facts
    return None


def test_keyboard_reaches_navigation_and_language_switcher(browser_context, site_url):
    page = browser_context.new_page()
    try:
        page.goto(f"{site_url}/reports/{H1_REPORT}/")
        nav = _tab_until(page, "el => !!el.closest('.md-nav--primary') && el.matches('a')")
        assert nav and nav["visible"], "Tab never reached a visible link of the navigation"
        page.goto(f"{site_url}/reports/{H1_REPORT}/")
        switch = _tab_until(page, "el => el.matches('.md-select__link[hreflang=en]')")
        assert switch and switch["visible"], "Tab never reached the English link of the language switcher"
        page.keyboard.press("Enter")
        page.wait_for_url(f"{site_url}/en/reports/{H1_REPORT}/")
    finally:
        page.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_screenshot_of_a_report_page(browser_context, site_url, artifacts, prefix):
    page = browser_context.new_page()
    try:
        page.goto(f"{site_url}/{prefix}reports/{H1_REPORT}/")
        page.wait_for_selector(".rs-chart-canvas .rs-bar-row")
        path = artifacts / f"report-{H1_REPORT}-{prefix.strip('/') or 'zh'}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 20_000
    finally:
        page.close()


def test_accessibility_statement_names_what_is_tested(crawl):
    """The statement names the pinned axe-core version and the rule tags this suite runs."""
    for prefix in ("", "en/"):
        page = crawl.pages[f"{crawl.origin}/{prefix}accessibility/"]
        assert f"axe-core {AXE_VERSION}" in page.text, prefix
        assert all(tag in page.text for tag in AXE_TAGS), prefix
        assert all(rule in page.text for rule in SAMPLED_RULES + ["color-contrast"]), prefix
