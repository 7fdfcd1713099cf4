"""What an incremental rebuild loads from .cache/, and that loading less never keeps a stale page.

A rebuild after one report changed must stay as cheap as its fixed costs allow: page sections come from
the page's previous files in docs/ (not from a file per section, nor from a copy in .cache/), and page
keys are made from one digest per group of pages that share their inputs. Each rebuild is also compared
with a build from nothing (tests.test_incremental_changes._rebuild).
"""

from __future__ import annotations

import collections
import pickle
from types import SimpleNamespace

from generator import bench, incremental, render
from generator.build import generate, write_generated
from tests.bench_corpus import five_reports as _specs
from tests.bench_corpus import rewrite
from tests.test_incremental_changes import _make_project, _rebuild
from tests.test_raw_blocks import render_ui


def _count_loads(monkeypatch) -> collections.Counter:
    """Entries loaded from each of .cache/'s stores (by folder name) from now on."""
    loads: collections.Counter = collections.Counter()
    load = incremental.Store.load

    def counted(self, key):
        value = load(self, key)
        if value is not None:
            loads[self.folder.name] += 1
        return value

    monkeypatch.setattr(incremental.Store, "load", counted)
    return loads


def test_sections_come_from_the_previous_page_not_one_file_each(tmp_path, monkeypatch):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    rewrite(project, _specs()[0], 11)
    loads = _count_loads(monkeypatch)
    read = []
    as_made = incremental.PageCache._as_made
    monkeypatch.setattr(incremental.PageCache, "_as_made",
                        lambda self, rel, key: read.append(rel) or as_made(self, rel, key))
    generated, _paths = _rebuild(project)
    rendered = generated.reused["pages_rendered"]
    assert generated.reused["sections"] > 0  # the other region's sections were kept ...
    assert loads["sections"] == 0 and loads["pages"] == 0  # ... without a file of their own in .cache/
    # ... but from the page's files in docs/: each read once, and only for pages made again.
    assert read and len(read) == len(set(read)) <= 2 * rendered
    assert all(rel.endswith(".md") for rel in read) and any(rel.startswith("indicators/") for rel in read)


def test_the_page_cache_keeps_no_copy_of_the_pages(tmp_path):
    project = _make_project(tmp_path / "project")
    old_entry = project.cache / "pages" / "ab" / "ab-an-entry-of-an-earlier-version.pickle"
    old_entry.parent.mkdir(parents=True)
    old_entry.write_bytes(pickle.dumps({"reports/x.md": "text"}))
    write_generated(project, generate(project))
    # Only the sections index and the aliases: the pages' text is in docs/ (and earlier entries are pruned).
    assert sorted(p.name for p in (project.cache / "pages").rglob("*") if p.is_file()) == [
        "aliases.pickle", "sections-index.pickle"]


def test_kept_sections_follow_the_page_through_several_rebuilds(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    for variant in (21, 22, 23):  # each rebuild's pages are the next one's source of kept sections
        rewrite(project, _specs()[3], variant)
        generated, _paths = _rebuild(project)
        assert generated.reused["sections"] > 0 and generated.reused["sections_made"] > 0


def test_a_sections_index_not_of_this_code_makes_the_sections_again(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    path = project.cache / "pages" / "sections-index.pickle"
    index = pickle.loads(path.read_bytes())
    assert index
    broken = {page: (key, (("a section key", "no such file", 0, 5, {}), "junk")) for page, (key, _) in index.items()}
    path.write_bytes(pickle.dumps(broken))
    rewrite(project, _specs()[0], 31)
    generated, _paths = _rebuild(project)  # equal to a build from nothing
    assert generated.reused["sections"] == 0 and generated.reused["sections_made"] > 0


def test_a_hand_edited_or_deleted_page_is_made_again(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    rid = generate(project).records[0]["report"]["id"]
    edited, deleted = project.docs / "reports" / f"{rid}.md", project.docs / "indicators" / "gdp.en.md"
    assert edited.exists() and deleted.exists()
    edited.write_text(edited.read_text(encoding="utf-8") + "\nedited by hand\n", encoding="utf-8")
    deleted.unlink()
    _generated, paths = _rebuild(project)  # (checks the bytes against a build from nothing)
    assert {f"docs/reports/{rid}.md", "docs/indicators/gdp.en.md"} <= paths


def _site(reports: dict[str, str], figures: dict[str, list[tuple[str, str]]] | None = None) -> SimpleNamespace:
    """A stand-in for render.Site with reports {id: region}, each with figures [(indicator, period)]
    (by default one GDP figure without a period)."""
    figures = figures or {}
    records = {rid: {"report": {"id": rid, "region": region},
                     "figures": [{"indicator": i, "period": p} for i, p in figures.get(rid, [("gdp", "")])]}
               for rid, region in reports.items()}
    by_region = collections.defaultdict(list)
    for record in records.values():
        by_region[record["report"]["region"]].append(record)
    return SimpleNamespace(reports=list(records.values()), report_by_id=records, reports_by_region=by_region,
                           used_regions=[{"id": region} for region in sorted(by_region)],
                           report_ids_by_indicator={"gdp": [rid for rid, r in records.items()
                                                            if any(f["indicator"] == "gdp" for f in r["figures"])]},
                           sources={})


def test_the_sites_reports_by_indicator_name_each_report_once(tmp_path):
    generated = generate(_make_project(tmp_path / "project"))
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=render_ui())
    expected = collections.defaultdict(list)
    for record in generated.records:
        for indicator in dict.fromkeys(f["indicator"] for f in record["figures"] if f.get("indicator")):
            expected[indicator].append(record["report"]["id"])
    assert len(expected) > 1 and any(len(ids) > 1 for ids in expected.values())
    assert dict(site.report_ids_by_indicator) == dict(expected)


def test_page_keys_change_with_exactly_the_reports_a_page_shows():
    site = _site({"a1": "a", "a2": "a", "b1": "b"})
    pages = ["reports/a1.md", "reports/a2.md", "reports/b1.md", "sources/a1.md", "sources/b1.md",
             "regions/a.md", "regions/b.md", "indicators/gdp.md", "index.md"]

    def keys(digests: dict[str, str], lines: dict[str, str]) -> dict[str, str]:
        cache = incremental.PageCache(None, site, "global", digests, lines)
        return {page: cache.key("t.j2", page) for page in pages}

    lines = {"a1": "l1", "a2": "l2", "b1": "l3"}
    before = keys({"a1": "1", "a2": "2", "b1": "3"}, lines)
    assert len(set(before.values())) == len(pages)
    after = keys({"a1": "1", "a2": "changed", "b1": "3"}, lines)
    assert {page for page in pages if after[page] != before[page]} == {
        "reports/a1.md", "reports/a2.md", "regions/a.md", "indicators/gdp.md", "index.md"}
    text = keys({"a1": "1", "a2": "2", "b1": "3"}, {**lines, "b1": "other text"})
    assert {page for page in pages if text[page] != before[page]} == {"sources/b1.md"}


def test_a_report_page_key_names_the_reports_its_scorecard_can_reach(tmp_path):
    """Of its region's reports, those with a figure of one of its indicators in a year one of its figures
    covers (a multi-year period covers each of its years; a period that is no span of months, only itself)."""
    figures = {"now": [("gdp", "2023"), ("gdp", "2022")], "half": [("gdp", "2023H1")], "plan": [("gdp", "2021-2025")],
               "old": [("gdp", "2019")], "other": [("retail", "2023")], "b": [("gdp", "2023")],
               "vague": [("gdp", "十四五")], "vague2": [("gdp", "十四五")]}
    site = _site({"now": "a", "half": "a", "plan": "a", "old": "a", "other": "a", "b": "b", "vague": "a",
                  "vague2": "a"}, figures)
    digests = {rid: rid for rid in site.report_by_id}
    cache = incremental.PageCache(tmp_path / "pages", site, "global", digests, {})
    assert cache.linked_reports("now") == ["half", "now", "plan"]
    assert cache.linked_reports("old") == ["old"]
    assert cache.linked_reports("plan") == ["half", "now", "plan"]
    assert cache.linked_reports("vague") == ["vague", "vague2"]

    def keys(changed: str) -> dict[str, str]:
        pages = incremental.PageCache(tmp_path / "pages", site, "global", {**digests, changed: "new"}, {})
        return {rid: pages.key("report.md.j2", f"reports/{rid}.md") for rid in site.report_by_id}

    before = keys("none")
    assert {rid for rid, key in keys("old").items() if key != before[rid]} == {"old"}
    assert {rid for rid, key in keys("half").items() if key != before[rid]} == {"half", "now", "plan"}


def test_a_report_page_is_made_again_only_if_the_change_can_reach_it(tmp_path):
    """A work report of years before the changed one's keeps its page (not rendered, not written); the one
    whose targets the changed report answers is made again; both equal a build from nothing."""
    project = _make_project(tmp_path / "project")
    regions = {r["id"]: r for r in bench.bench_regions()}
    bench.write_corpus(project.seeds, [*_specs(), bench.ReportSpec(regions["longhai"], 2019, "work_report")])
    write_generated(project, generate(project))
    rewrite(project, _specs()[1], 41)  # longhai's 2023 work report: what 2022's targets came to
    generated, paths = _rebuild(project)
    assert "docs/reports/longhai-2022-work-report.md" in paths
    assert "docs/reports/longhai-2019-work-report.md" not in paths
    assert type(generated.pages["reports/longhai-2019-work-report.md"]).__name__ == "Unchanged"
    aliases = pickle.loads((project.cache / "pages" / "aliases.pickle").read_bytes())
    assert set(aliases) == {f"reports/{rid}.md" for rid in (r["report"]["id"] for r in generated.records)}


def test_records_come_from_one_file(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    folder = project.cache / "records"
    own_files = list(folder.glob("*/*.pickle"))
    assert (folder / incremental.RecordCache.BUNDLE).is_file() and own_files
    for path in own_files:  # only the bundle is left: every record is still taken from the cache
        path.unlink()
    generated, _paths = _rebuild(project)
    assert generated.reused["records"] == len(_specs()) and generated.reused["records_made"] == 0


def test_the_bundle_follows_the_records(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    rewrite(project, _specs()[2], 41)
    _rebuild(project)
    bundle = pickle.loads((project.cache / "records" / incremental.RecordCache.BUNDLE).read_bytes())
    assert len(bundle) == len(_specs())  # the changed report's new entry in, its old one out
    rewrite(project, _specs()[2], 41)
    generated, paths = _rebuild(project)
    assert paths == set() and generated.reused["records_made"] == 0


def test_a_bundle_that_does_not_load_is_no_bundle(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    (project.cache / "records" / incremental.RecordCache.BUNDLE).write_bytes(b"not a pickle")
    generated, _paths = _rebuild(project)  # from the records' own files
    assert generated.reused["records"] == len(_specs()) and generated.reused["records_made"] == 0


def test_the_bundle_is_written_again_only_after_enough_changes(tmp_path):
    def build(keys: list[str]) -> incremental.RecordCache:
        cache = incremental.RecordCache(tmp_path)
        for key in keys:
            if cache.load(key) is None:
                cache.put(key, {"rid": key})
            cache.used.add(key)
        cache.save_bundle()
        return cache

    keys = [f"{n:032x}" for n in range(32)]
    bundle = tmp_path / incremental.RecordCache.BUNDLE
    build(keys)
    first = bundle.read_bytes()
    assert len(pickle.loads(first)) == 32
    keys[0] = "f" * 32  # one changed of 32: the bundle stays, the new entry is read from its own file
    build(keys)
    assert bundle.read_bytes() == first
    assert incremental.RecordCache(tmp_path).load(keys[0]) == {"rid": keys[0]}
    keys[1] = "e" * 32  # two changed: 4 differences of 32 entries, more than one in 16
    build(keys)
    assert sorted(pickle.loads(bundle.read_bytes())) == sorted(keys)


def test_hidden_text_files_in_seeds_are_not_reports(tmp_path):
    # An editor's lock file or the ._x.txt a copy from a Mac leaves beside x.txt is not a report.
    from generator.build import _seed_sources

    project = _make_project(tmp_path / "project")
    visible = sorted(p.name for p in project.seeds.glob("*.txt"))
    (project.seeds / "._longhai-2022-work-report.txt").write_bytes(b"\x00\x05\x16\x07 not text")
    (project.seeds / ".#draft.txt").write_text("lock", encoding="utf-8")
    assert sorted(p.name for p in _seed_sources(project)) == visible
