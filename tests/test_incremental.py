"""Incremental rebuilds: after one report changes, only the files that depend on it are rewritten.

A small synthetic corpus (generator/bench.py, in the genre of the seeds): three reports of one
region and two of another. One report's text changes; the rebuild must rewrite exactly the files
whose bytes changed, leave every other file untouched (bytes and modification time), never touch
the other region's report pages, and produce exactly what a build from nothing produces.
"""

from __future__ import annotations

import pytest

from generator import bench, files, incremental
from generator.build import generate, write_generated
from tests.bench_corpus import five_reports as _specs
from tests.bench_corpus import small_project

UNREAD: set[str] = set()


def _snapshot(root) -> dict[str, tuple[bytes, int]]:
    out = {}
    for folder in ("docs", "data/reports"):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def _contents(tree: dict) -> dict[str, bytes]:
    return {path: files.content(value) for path, value in tree.items()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """(project, before, after, written, changed spec, generated): one change, one incremental rebuild."""
    project = small_project(tmp_path_factory.mktemp("incremental") / "project")
    root, specs = project.root, _specs()
    first = generate(project)
    write_generated(project, first)
    before = _snapshot(root)
    changed = specs[1]
    (root / "seeds" / changed.file_name).write_text(bench.report_text(changed, variant=1), encoding="utf-8")
    generated = generate(project)
    written = write_generated(project, generated)
    assert generated.reused["records_made"] == 1 and generated.reused["records"] == 4
    # Whose cleaned text the rebuild read (before any test reads more of them).
    UNREAD.update(rid for rid, lines in generated.sources.items()
                  if isinstance(lines, incremental.LazyLines) and lines._lines is None)
    return project, before, _snapshot(root), written, changed, generated, first


def test_rewrites_exactly_the_files_whose_bytes_changed(rebuilt):
    _project, before, after, written, _changed, _generated, _first = rebuilt
    written_paths = {f"data/reports/{p}" for p in written["data"]} | {f"docs/{p}" for p in written["docs"]}
    really_changed = {p for p in after if p not in before or after[p][0] != before[p][0]}
    assert written_paths == really_changed
    assert "data/reports/longhai-2023-work-report.yaml" in written_paths
    assert "docs/reports/longhai-2023-work-report.md" in written_paths
    for path, (data, mtime) in after.items():
        if path not in written_paths:
            assert before[path] == (data, mtime), f"{path} was touched though its bytes did not change"


def test_other_regions_report_pages_and_data_are_untouched(rebuilt):
    _project, before, after, written, _changed, _generated, _first = rebuilt
    for rid in ("siming-2022-work-report", "siming-2023h1-plan-execution"):
        for path in (f"docs/reports/{rid}.md", f"docs/reports/{rid}.en.md", f"docs/sources/{rid}.md",
                     f"data/reports/{rid}.yaml"):
            assert after[path] == before[path]
    assert "regions/siming.md" not in written["docs"]
    assert written["data"] == ["longhai-2023-work-report.yaml"]


def test_written_files_are_only_dependents_of_the_changed_report(rebuilt):
    """Its own pages, its region's report pages (the scorecard pairs targets with later outcomes), the
    pages of the indicators it has or had, its region's page, index pages and the downloads; nothing of
    another region."""
    _project, _before, _after, written, changed, generated, first = rebuilt
    records = [next(r for r in g.records if r["report"]["source"].endswith(changed.file_name))
               for g in (first, generated)]
    region = records[1]["report"]["region"]
    region_reports = {r["report"]["id"] for r in generated.records if r["report"]["region"] == region}
    indicators = {f["indicator"] for record in records for f in record["figures"] if f.get("indicator")}
    for path in written["docs"]:
        folder, _, name = path.partition("/")
        stem = name.split(".")[0]
        if folder in ("reports", "sources") and stem != "index":
            assert stem in region_reports, path
        elif folder == "indicators" and stem != "index":
            assert stem in indicators, path
        elif folder == "regions" and stem != "index":
            assert stem == region, path


def test_incremental_output_equals_a_build_from_nothing(rebuilt):
    """The caches never serve a stale page: everything matches a generation without any cache."""
    project, _before, _after, _written, _changed, generated, _first = rebuilt
    clean = generate(project, use_cache=False)
    assert _contents(clean.data_files) == _contents(generated.data_files)
    assert sorted(clean.pages) == sorted(generated.pages)
    stale = [p for p in clean.pages if files.content(clean.pages[p]) != files.content(generated.pages[p])]
    assert not stale, f"cached pages differ from freshly rendered ones: {stale[:5]}"
    assert list(generated.sources) == list(clean.sources)
    assert all(list(generated.sources[rid]) == list(clean.sources[rid]) for rid in clean.sources)


def test_the_rebuild_left_what_did_not_change_where_it_was(rebuilt):
    """Pages and data files of the other region were neither rendered, loaded, read nor written: markers."""
    _project, _before, _after, _written, _changed, generated, _first = rebuilt
    for rid in ("siming-2022-work-report", "siming-2023h1-plan-execution"):
        for path in (f"reports/{rid}.md", f"reports/{rid}.en.md", f"sources/{rid}.md", f"data/reports/{rid}.csv"):
            assert isinstance(generated.pages[path], files.Unchanged), path
        assert isinstance(generated.data_files[f"{rid}.yaml"], files.Unchanged)
        assert rid in UNREAD  # the cleaned text was not even read
    assert generated.reused["pages_unchanged"] > 0


def test_unchanged_rebuild_renders_nothing_and_writes_nothing(rebuilt):
    project, _before, _after, _written, _changed, _generated, _first = rebuilt
    generated = generate(project)
    assert generated.reused["records_made"] == 0 and generated.reused["pages_rendered"] == 0
    assert generated.reused["records"] == 5 and generated.reused["pages"] > 10
    assert generated.reused["pages_unchanged"] == generated.reused["pages"]  # left as they are in docs/
    made = [p for p, v in generated.pages.items() if not isinstance(v, files.Unchanged)]
    # Only what is not drawn from the reports is made again: the site's own assets, the links.
    assert all(p.startswith("assets/") or p == "data/links.csv" or p == "data/README.txt" for p in made), made
    assert all(isinstance(v, files.Unchanged) for v in generated.data_files.values())
    assert write_generated(project, generated) == {"data": [], "docs": []}
