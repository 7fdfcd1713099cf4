"""Charts are drawn into the page's HTML at build time: no page loads a chart runtime or a script of ours."""

from __future__ import annotations

import re

CHART = 'class="rs-chart"'
SCRIPT = re.compile(r'<script src="([^"]+)"')


def test_no_page_loads_a_chart_runtime(site_dir):
    charted = 0
    for path in sorted(site_dir.rglob("*.html")):
        document = path.read_text(encoding="utf-8")
        scripts = SCRIPT.findall(document)
        # Material's own bundle (and its search worker's files) only.
        assert all("assets/javascripts/" in src for src in scripts), (path, scripts)
        if CHART in document:
            charted += 1
            assert 'class="rs-bar-row"' in document, f"{path}: a chart without rows"
    assert charted >= 3
    assert not (site_dir / "assets" / "vega.js").exists()


def test_report_page_has_a_chart_and_its_rows_name_the_indicators(site_dir, built):
    _project, generated = built
    report_ids = [r["report"]["id"] for r in generated.records]
    charted = [rid for rid in report_ids if CHART in (site_dir / "reports" / rid / "index.html").read_text("utf-8")]
    assert charted, "no report page of the seeds has a chart"
    document = (site_dir / "reports" / charted[0] / "index.html").read_text("utf-8")
    labels = re.findall(r'<div class="rs-bar-label">([^<]+)</div>', document)
    assert labels and all(label.strip() for label in labels)
