"""Browser fixtures: axe-core installed from the npm registry, and one crawl of the whole site.

The crawl visits every page once in one reused tab and records everything the tests judge
(requests, console, anchors, charts, page language, axe results); the tests then only read it,
so the browser work is done once per session.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

HERE = Path(__file__).parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 level A and AA rules (axe tags), as the accessibility statement says.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules run only on the first page of each kind in each language (to save time). Empty: every rule,
# colour contrast included, runs on every page, as the accessibility statement says.
SAMPLED_RULES: list[str] = []
MAX_PAGES = 2000  # generous: the crawl stops here rather than run away on a link loop
NOT_PAGES = (".js", ".css", ".json", ".xml", ".gz", ".yaml", ".yml", ".csv", ".txt", ".png", ".svg", ".ico",
             ".jpg", ".webp", ".zip", ".pdf", ".woff", ".woff2")
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser build, installed with `npm ci` from the pinned package-lock.json when missing."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        assert npm, "npm is missing: run `apt-get install npm` (.ci/run does)"
        result = subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"],
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"npm ci failed:\n{result.stdout}\n{result.stderr}"
    assert AXE_JS.exists(), f"{AXE_JS} missing after npm ci"
    return AXE_JS


@pytest.fixture(scope="session")
def browser_context(browser):
    """The one context every browser test shares (desktop width, so the sidebar navigation shows)."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@dataclass
class PageVisit:
    url: str
    status: int | None = None
    lang: str | None = None
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # absolute hrefs of <a> elements
    charts: list[dict] = field(default_factory=list)  # {rows, bars, width, overflow}
    axe: list[dict] = field(default_factory=list)  # violations: {id, impact, help, targets}
    axe_rules: list[str] = field(default_factory=list)  # the rules axe ran on this page
    text: str = ""  # the article's visible text


@dataclass
class Crawl:
    origin: str
    pages: dict[str, PageVisit] = field(default_factory=dict)
    external_requests: list[tuple[str, str]] = field(default_factory=list)  # (page, url)
    failed_requests: list[tuple[str, str, str]] = field(default_factory=list)  # (page, url, why)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    aborted_by_navigation: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent per phase


PAGE_FACTS = """() => {
  const ids = Array.from(document.querySelectorAll('[id]'), e => e.id)
    .concat(Array.from(document.querySelectorAll('a[name]'), e => e.getAttribute('name')));
  const links = Array.from(document.querySelectorAll('a[href]'), a => a.href);
  const charts = Array.from(document.querySelectorAll('.rs-chart-canvas'), el => ({
    rows: el.querySelectorAll('.rs-bar-row').length,
    bars: el.querySelectorAll('.rs-bar, .rs-mark').length,
    width: el.getBoundingClientRect().width, overflow: el.scrollWidth > el.clientWidth + 1}));
  const article = document.querySelector('article');
  return {lang: document.documentElement.lang, ids, links, charts,
          text: article ? article.innerText : ''};
}"""

RUN_AXE = """async ([tags, skip]) => {
  const rules = {};
  skip.forEach(id => { rules[id] = {enabled: false}; });
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,
                                          resultTypes: ['violations']});
  const ran = axe.getRules(tags).map(r => r.ruleId).filter(id => !skip.includes(id));
  return {rules: ran, violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))};
}"""


def page_kind(url: str) -> str:
    """Pages made from the same template are one kind: /en/reports/<id>/ -> 'en/reports/*'."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    lang = parts.pop(0) if parts[:1] == ["en"] else "zh"
    if len(parts) >= 2:
        parts = [parts[0], "*"]
    return "/".join([lang, *parts])


def _is_page_link(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    return not parts.path.lower().endswith(NOT_PAGES)


@pytest.fixture(scope="session")
def crawl(browser_context, site_url, axe_script) -> Crawl:
    """Every page reachable from / and /en/, visited once, with what happened on it."""
    import time

    started = time.perf_counter()
    result = Crawl(origin=site_url)
    page = browser_context.new_page()
    current = {"url": ""}

    started_on = {}  # request -> the page the crawl was on when it started

    def on_request(request):
        result.requests += 1
        started_on[request] = current["url"]
        url = request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")):
            return
        if host != "127.0.0.1":
            result.external_requests.append((current["url"], url))

    def on_response(response):
        if response.status >= 400:
            result.failed_requests.append((current["url"], response.url, f"HTTP {response.status}"))

    def on_request_failed(request):
        # Leaving a page cancels what it still had in flight (the search worker's files): that is the
        # crawl's doing, not the site's. Any other failure counts.
        if request.failure == "net::ERR_ABORTED" and started_on.get(request) not in (None, current["url"]):
            result.aborted_by_navigation += 1
            return
        result.failed_requests.append((current["url"], request.url, request.failure or ""))

    page.on("request", on_request)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    page.on("console", lambda m: m.type == "error" and result.console_errors.append((current["url"], m.text)))
    page.on("pageerror", lambda e: result.console_errors.append((current["url"], f"uncaught: {e}")))

    def on_dialog(dialog):
        result.dialogs.append((current["url"], dialog.message))
        dialog.dismiss()

    page.on("dialog", on_dialog)

    queue = deque([f"{site_url}/", f"{site_url}/en/"])
    seen = set(queue)
    sampled_kinds = set()
    axe_source = axe_script.read_text(encoding="utf-8")
    clock = time.perf_counter

    def timed(phase, since):
        result.timings[phase] = result.timings.get(phase, 0.0) + clock() - since
        return clock()

    while queue and len(result.pages) < MAX_PAGES:
        url = queue.popleft()
        current["url"] = url
        visit = PageVisit(url)
        mark = clock()
        response = page.goto(url, wait_until="load")
        visit.status = response.status if response else None
        mark = timed("load", mark)
        facts = page.evaluate(PAGE_FACTS)
        visit.lang, visit.ids, visit.links = facts["lang"], set(facts["ids"]), facts["links"]
        visit.charts, visit.text = facts["charts"], facts["text"]
        page.add_script_tag(content=axe_source)
        kind = page_kind(url)
        found = page.evaluate(RUN_AXE, [AXE_TAGS, [] if kind not in sampled_kinds else SAMPLED_RULES])
        mark = timed("axe full" if kind not in sampled_kinds else "axe", mark)
        sampled_kinds.add(kind)
        visit.axe, visit.axe_rules = found["violations"], found["rules"]
        result.pages[url] = visit
        for link in visit.links:
            target, _fragment = urldefrag(link)
            if _is_page_link(target, site_url) and target not in seen:
                seen.add(target)
                queue.append(target)
    page.wait_for_timeout(300)  # let the last page's late requests report
    page.close()
    result.seconds = time.perf_counter() - started
    return result
