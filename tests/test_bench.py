"""`python -m generator bench --json` on a tiny corpus: the shape other tools read, with sane values."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from generator import bench

ROOT = bench.ROOT


def test_bench_json_shape_for_five_reports():
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "generator", "bench", "--reports", "5", "--json", "--no-throughput"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["reports"] == 5
    assert result["figures"] > 5 * 20  # the extractor reads the synthetic reports as reports of the genre
    assert set(result["seconds"]) >= {"extract", "data", "render", "mkdocs", "total"}
    assert all(result["seconds"][k] > 0 for k in ("extract", "render", "mkdocs", "total"))
    assert result["seconds"]["total"] >= result["seconds"]["mkdocs"]
    assert 0 < result["generator_share"] < 1
    # Two languages: report and source page per report, plus the index and catalog pages.
    assert result["pages"] >= 4 * 5
    assert result["peak_rss_mb"] > 50 and result["site_mb"] > 0.5
    assert 1 < result["report_page_kb"] < 100
    incremental = result["incremental"]
    assert incremental["seconds"] > 0
    changed = bench.plan_corpus(5)[2].file_name
    assert incremental["changed_report"] == changed
    # The changed report's data file and its own pages were rewritten; most pages were not.
    assert len(incremental["data_written"]) == 1
    assert any(p.startswith("reports/") for p in incremental["docs_written"])
    assert 2 <= incremental["files_written"] < result["pages"]


def test_corpus_is_in_the_genre_and_varied():
    specs = bench.plan_corpus(200)
    assert len({s.region["id"] for s in specs}) > 30
    assert len({s.year for s in specs}) >= 10
    assert {s.kind for s in specs} == {"work_report", "plan_execution"}
    work = next(s for s in specs if s.kind == "work_report")
    text = bench.report_text(work)
    assert "主要预期目标" in text and "增长" in text and "工作回顾" in text
    plan = next(s for s in specs if s.kind == "plan_execution")
    text = bench.report_text(plan)
    assert "完成年度计划的" in text and "序号\t主要经济指标" in text
    # Not a copy of any seed: no seed line of some length appears in a synthetic report.
    seed_lines = {line.strip() for p in (ROOT / "seeds").glob("*.txt")
                  for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20}
    assert not seed_lines & {line.strip() for line in text.splitlines()}
    assert bench.report_text(work) == bench.report_text(work)  # deterministic
    assert bench.report_text(work, variant=1) != bench.report_text(work)


def test_runs_projects_are_removed_after_the_last_run(monkeypatch):
    # Removed between runs, a run's thousands of files would slow every file the next run creates
    # (bench.create_probe); so each run's project stays until the last run is done.
    real_bench, seen, kept = bench.bench, [], []

    def watched(n, **kwargs):
        kept[:] = [kwargs["leftovers"]]
        seen.append([p.exists() for p in kept[0]])
        return real_bench(n, **kwargs)

    monkeypatch.setattr(bench, "bench", watched)
    out = io.StringIO()
    results = bench.run([3], runs=2, throughput=False, with_mkdocs=False, out=out)
    assert seen == [[], [True]]  # the first run's project was still there when the second started
    assert len(kept[0]) == 2 and not any(p.exists() for p in kept[0])  # both gone at the end
    assert results[0]["file_create_us"] > 0
    assert "creating a file before the runs:" in out.getvalue()
