"""The Vega runtime (assets/vega.js, about 900 KB) is loaded only by pages that draw a chart."""

from __future__ import annotations

import re

VEGA = re.compile(r'<script src="[^"]*assets/vega\.js"')
CHART = 'class="rs-chart"'


def _pages(site_dir):
    return sorted(site_dir.rglob("*.html"))


def test_pages_with_charts_load_vega_and_pages_without_do_not(site_dir):
    with_chart = without_chart = 0
    for path in _pages(site_dir):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site_dir).as_posix()
        if CHART in html:
            with_chart += 1
            assert VEGA.search(html), f"{rel} draws a chart but does not load assets/vega.js"
            assert "assets/charts.js" in html, rel
        else:
            without_chart += 1
            assert not VEGA.search(html), f"{rel} has no chart but loads assets/vega.js"
    assert with_chart >= 3 and without_chart >= 3


def test_report_page_with_chart_and_methodology_page_without(site_dir, built):
    _project, generated = built
    report_ids = [r["report"]["id"] for r in generated.records]
    charted = [rid for rid in report_ids if CHART in (site_dir / "reports" / rid / "index.html").read_text("utf-8")]
    assert charted, "no report page of the seeds has a chart"
    assert VEGA.search((site_dir / "reports" / charted[0] / "index.html").read_text("utf-8"))
    for page in ("methodology/index.html", "en/methodology/index.html", f"sources/{report_ids[0]}/index.html"):
        assert not VEGA.search((site_dir / page).read_text("utf-8")), page
    assert (site_dir / "assets" / "vega.js").stat().st_size > 500_000
