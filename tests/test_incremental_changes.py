"""Incremental rebuilds after every kind of change: each must leave data/ and docs/ exactly as a build
from nothing of the same inputs would, and write only what changed.

One small synthetic project (generator/bench.py) goes through the changes in turn: a report's text,
the catalogs, seeds/reports.yaml, a review file (added, changed, removed), a report removed and one
added, pages and data files edited, touched or deleted by hand, caches and the manifest deleted, a
file edited between generating and writing, a full `build` with MkDocs, and a copy of the project.
After each, the warm rebuild (generate + write_generated, as `mkdocs serve` runs it) is compared
file by file with a generation without any cache.
"""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from generator import files, incremental
from generator.build import Project, build, generate, write_generated
from tests.bench_corpus import five_reports as _specs
from tests.bench_corpus import retitle, rewrite, small_project

_make_project = small_project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    project = _make_project(tmp_path_factory.mktemp("changes") / "project")
    write_generated(project, generate(project))
    return project


def _disk(project: Project) -> dict[str, tuple[bytes, int]]:
    found = {}
    for folder in ("docs", "data/reports"):
        for path in (project.root / folder).rglob("*"):
            if path.is_file() and path.name != ".gitkeep":
                found[path.relative_to(project.root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def _expected(project: Project) -> dict[str, bytes]:
    clean = generate(project, use_cache=False)
    out = {f"data/reports/{path}": files.content(value) for path, value in clean.data_files.items()}
    out.update({f"docs/{path}": files.content(value) for path, value in clean.pages.items()})
    return out


def _rebuild(project: Project):
    """A warm rebuild, checked against a build from nothing: (generated, written paths, before, after)."""
    before = _disk(project)
    generated = generate(project)
    written = write_generated(project, generated)
    after = _disk(project)
    expected = _expected(project)
    assert sorted(after) == sorted(expected)
    differing = [path for path in expected if after[path][0] != expected[path]]
    assert not differing, f"the rebuild differs from a build from nothing: {differing[:5]}"
    generated_bytes = {f"docs/{p}": files.content(v) for p, v in generated.pages.items()}
    generated_bytes.update({f"data/reports/{p}": files.content(v) for p, v in generated.data_files.items()})
    assert generated_bytes == expected
    paths = {f"data/reports/{p}" for p in written["data"]} | {f"docs/{p}" for p in written["docs"]}
    for path, (data, mtime) in after.items():
        if path not in paths:
            assert before.get(path) == (data, mtime), f"{path} was touched though it was not written"
        else:
            assert before.get(path, (None,))[0] != data, f"{path} was written with the bytes it had"
    return generated, paths


def _rid(spec) -> str:
    period = str(spec.year) if spec.kind == "work_report" else f"{spec.year}h1"
    return f"{spec.region['id']}-{period}-{spec.kind.replace('_', '-')}"


def _untouched_region(generated, paths, region: str = "siming") -> None:
    for path in paths:
        assert f"/{region}-" not in path or path.startswith("docs/indicators/"), path
    for path, value in generated.pages.items():
        if path.startswith(("reports/", "sources/", "data/reports/")) and f"/{region}-" in path:
            assert isinstance(value, files.Unchanged), path


def test_nothing_changed(project):
    generated, paths = _rebuild(project)
    assert paths == set()
    assert generated.reused["pages_rendered"] == 0 and generated.reused["records_made"] == 0


def test_a_report_text_changed(project):
    spec = _specs()[1]
    rewrite(project, spec, 3)
    generated, paths = _rebuild(project)
    assert f"data/reports/{_rid(spec)}.yaml" in paths and f"docs/reports/{_rid(spec)}.md" in paths
    assert generated.reused["records_made"] == 1
    _untouched_region(generated, paths)
    # The site-wide downloads were written from the changed report's new part and the others' old bytes.
    for path in ("data/all.csv", "data/all.json", "data/scorecard.csv"):
        assert isinstance(generated.pages[path], files.Spliced), path
        assert f"docs/{path}" in paths
    # Indicator pages were made again from the changed region's new parts and the other regions' kept ones.
    assert generated.reused["sections"] > 0
    assert 0 < generated.reused["sections_made"] <= generated.reused["sections"]


def test_kept_sections_are_byte_ranges_of_the_files(project):
    # A page with sections is spliced from their bytes (render.Renderer.section): the sections index
    # gives each one's range in the file as written, and the next build takes that range as it is.
    spec = _specs()[2]
    rewrite(project, spec, 4)
    generated, _paths = _rebuild(project)
    assert generated.reused["sections"] > 0 and generated.reused["sections_made"] > 0
    spliced = [p for p, v in generated.pages.items() if p.startswith("indicators/") and isinstance(v, bytes)]
    assert spliced  # made again: bytes, not text
    index = incremental.read_pickle(project.cache / "pages" / "sections-index.pickle")
    headings = 0
    for page, (_key, places) in index.items():
        for _section, rel, start, end, _used in places:
            data = (project.docs / rel).read_bytes()
            part = data[start:end].decode("utf-8")  # whole characters: the range is the section's
            assert part.strip() and part == part.lstrip(), (rel, part[:40])
            headings += page.startswith("indicators/") and part.startswith("## ")  # a region's history
    assert headings > 0


def test_the_indicator_catalog_changed(project):
    path = project.data / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Gross regional product (GDP)" in text
    path.write_text(text.replace("Gross regional product (GDP)", "Gross domestic product (regional)", 1),
                    encoding="utf-8")
    _generated, paths = _rebuild(project)
    assert "docs/indicators/gdp.en.md" in paths


def test_the_region_catalog_changed(project):
    path = project.data / "regions.yaml"
    catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = next(r["name_en"] for r in catalog if r["id"] == "siming")
    path.write_text(path.read_text(encoding="utf-8").replace(f"name_en: {name}", f"name_en: {name} (renamed)"),
                    encoding="utf-8")
    _generated, paths = _rebuild(project)
    assert "docs/regions/siming.en.md" in paths


def test_seed_metadata_changed(project):
    spec = _specs()[3]
    retitle(project, spec, "A title given in seeds/reports.yaml")
    _generated, paths = _rebuild(project)
    assert f"docs/reports/{_rid(spec)}.en.md" in paths
    # A title is on the links page and in links.csv (which equal a build from nothing: _rebuild).
    assert {"docs/links.en.md", "docs/data/links.csv"} <= paths


def test_numbers_alone_leave_the_links_as_they_are(project):
    # The links page and links.csv show the pages' names and addresses, which new numbers do not change.
    spec = _specs()[4]
    rewrite(project, spec, 5)
    generated, paths = _rebuild(project)
    assert f"docs/reports/{_rid(spec)}.md" in paths
    for path in ("links.md", "links.en.md", "data/links.csv"):
        assert isinstance(generated.pages[path], files.Unchanged), path
        assert f"docs/{path}" not in paths


def test_a_review_file_added_changed_and_removed(project):
    spec = _specs()[0]
    rid = _rid(spec)
    record = next(r for r in generate(project).records if r["report"]["id"] == rid)
    first, second = record["figures"][0], record["figures"][-1]
    review = project.review_dir / f"{rid}.yaml"
    review.parent.mkdir(parents=True, exist_ok=True)
    review.write_text(yaml.safe_dump({"drop": [{"line": first["line"], "value": first["value"],
                                                "reason": "test"}]}), encoding="utf-8")
    _generated, paths = _rebuild(project)
    assert f"data/reports/{rid}.yaml" in paths
    review.write_text(yaml.safe_dump({"drop": [{"line": second["line"], "value": second["value"],
                                                "reason": "test"}]}), encoding="utf-8")
    _generated, paths = _rebuild(project)
    assert f"data/reports/{rid}.yaml" in paths
    review.unlink()
    _generated, paths = _rebuild(project)
    assert f"data/reports/{rid}.yaml" in paths


def test_a_report_removed_and_one_added(project):
    removed = _specs()[2]
    (project.seeds / removed.file_name).unlink()
    _generated, _paths = _rebuild(project)
    assert not (project.reports_dir / f"{_rid(removed)}.yaml").exists()
    assert not (project.docs / "reports" / f"{_rid(removed)}.md").exists()
    rewrite(project, removed)
    _generated, paths = _rebuild(project)
    assert f"docs/sources/{_rid(removed)}.md" in paths


def test_files_edited_or_deleted_by_hand_are_made_again(project):
    rid = _rid(_specs()[3])
    edited = [project.docs / "reports" / f"{rid}.md", project.reports_dir / f"{rid}.yaml",
              project.docs / "data" / "reports" / f"{rid}.csv"]
    for path in edited:
        path.write_bytes(path.read_bytes() + b"\nhand edit\n")
    deleted = [project.docs / "sources" / f"{rid}.en.md", project.docs / "regions" / "siming.md"]
    for path in deleted:
        path.unlink()
    _generated, paths = _rebuild(project)
    assert paths == {path.relative_to(project.root).as_posix() for path in edited + deleted}


def test_downloads_edited_by_hand_then_a_report_changed(project):
    for name in ("all.csv", "all.json"):
        path = project.docs / "data" / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 3))
    spec = _specs()[2]
    rewrite(project, spec, 11)
    generated, paths = _rebuild(project)
    assert not isinstance(generated.pages["data/all.csv"], files.Spliced)  # made whole: the old one was edited
    assert {"docs/data/all.csv", "docs/data/all.json"} <= paths


def test_a_spliced_file_edited_between_generating_and_writing(project):
    spec = _specs()[2]
    rewrite(project, spec, 12)
    generated = generate(project)
    spliced = generated.pages["data/all.json"]
    assert isinstance(spliced, files.Spliced)
    spliced.path.write_bytes(b"[]")
    write_generated(project, generated)
    assert spliced.path.read_bytes() == _expected(project)["docs/data/all.json"]
    _rebuild(project)


def test_an_edit_of_the_same_size_is_seen(project):
    path = project.docs / "reports" / f"{_rid(_specs()[4])}.en.md"
    data = path.read_bytes()
    stat = path.stat()
    path.write_bytes(data.replace(b"#", b"%", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    _generated, paths = _rebuild(project)
    assert paths == {path.relative_to(project.root).as_posix()}


def test_a_touched_file_is_not_written_and_then_trusted_again(project):
    path = project.docs / "sources" / f"{_rid(_specs()[0])}.md"
    os.utime(path, ns=(1, 1))
    _generated, paths = _rebuild(project)
    assert paths == set()
    assert path.stat().st_mtime_ns == 1
    generated, _paths = _rebuild(project)
    assert isinstance(generated.pages[f"sources/{_rid(_specs()[0])}.md"], files.Unchanged)


def test_caches_or_manifest_deleted_or_broken(project):
    shutil.rmtree(project.cache / "pages")
    _generated, paths = _rebuild(project)
    assert paths == set()
    (project.cache / "manifest.pickle").write_bytes(b"not a manifest")
    _generated, paths = _rebuild(project)
    assert paths == set()
    shutil.rmtree(project.cache / "records")
    (project.cache / "manifest.pickle").unlink()
    generated, paths = _rebuild(project)
    assert paths == set() and generated.reused["records"] == 0
    # docs/ and the page cache gone: every page rendered again, source pages from cached records' texts.
    shutil.rmtree(project.docs)
    shutil.rmtree(project.cache / "pages")
    generated, paths = _rebuild(project)
    assert generated.reused["records_made"] == 0 and generated.reused["pages"] == 0
    assert {p for p in paths if p.startswith("docs/sources/")} == {
        f"docs/sources/{_rid(spec)}{suffix}.md" for spec in _specs() for suffix in ("", ".en")}


def test_a_file_edited_between_generating_and_writing(project):
    spec = _specs()[4]
    rewrite(project, spec, 5)
    generated = generate(project)
    rid = _rid(_specs()[0])
    marker = generated.pages[f"reports/{rid}.md"]
    assert isinstance(marker, files.Unchanged)
    good = marker.path.read_bytes()
    marker.path.write_bytes(b"edited meanwhile")
    written = write_generated(project, generated)
    assert f"reports/{rid}.md" in written["docs"]
    assert marker.path.read_bytes() == good
    _rebuild(project)


def test_a_full_build_stages_unchanged_pages_from_docs(project):
    spec = _specs()[1]
    rewrite(project, spec, 7)
    generated, written = build(project)
    assert any(isinstance(v, files.Unchanged) for v in generated.pages.values())
    expected = _expected(project)
    for path, data in expected.items():
        assert (project.root / path).read_bytes() == data, path
    siming = "siming-2022-work-report"
    assert (project.site / "reports" / siming / "index.html").is_file()
    assert f"reports/{siming}.md" not in written["docs"]
    assert not list(project.root.glob("reportsite-*"))
    _generated, paths = _rebuild(project)
    assert paths == set()


def test_a_copy_of_the_project_rebuilds_without_writing(project, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(project.root, copy, symlinks=True)
    other = Project(copy)
    generated, paths = _rebuild(other)
    assert paths == set()
    # The copy's files are other files (inodes, change times): its pages are rendered again, once; their
    # text is kept in docs/ only, not in .cache/ as well.
    assert generated.reused["pages_rendered"] > 0 and generated.reused["records_made"] == 0
    generated, paths = _rebuild(other)
    assert paths == set() and generated.reused["pages_rendered"] == 0


def test_pages_made_from_kept_sections_in_worker_processes(tmp_path, monkeypatch):
    # At a thousand reports the pages are rendered in forked workers: the sections they keep and reuse
    # must be accounted for in this process (pruning, the page-to-sections index) like sections made here.
    from generator import render

    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 3)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    _rebuild(project)  # nothing changed: every page is left as it is, and so are the sections it was made of
    spec = _specs()[0]
    rewrite(project, spec, 5)
    generated, _paths = _rebuild(project)
    assert generated.reused["sections"] > 0 and generated.reused["sections_made"] > 0


def test_a_few_big_pages_after_one_change_are_made_in_worker_processes(tmp_path, monkeypatch):
    # After one report of a thousand changed, its indicators' pages (megabytes each) are rendered in
    # workers, one per task, with only the changed region linked here first: the rebuild still equals a
    # build from nothing, and the changed region's links are kept for the next build.
    from generator import render, scorecard
    from tests.test_lazy_site import _count_linking

    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    monkeypatch.setattr(render, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    chunks, linked_here = [], []
    pool = render.ProcessPoolExecutor

    class Recording(pool):
        def map(self, fn, tasks):
            tasks = list(tasks)
            chunks.extend(tasks)
            return super().map(fn, tasks)

    made = scorecard.Scorecard.made

    def recording_made(self, new_only=False):
        linked_here.append(new_only)
        return made(self, new_only)

    monkeypatch.setattr(render, "ProcessPoolExecutor", Recording)
    monkeypatch.setattr(scorecard.Scorecard, "made", recording_made)
    spec = _specs()[0]
    rewrite(project, spec, 6)
    generated, _paths = _rebuild(project)
    assert chunks and all(len(chunk) == 1 for chunk in chunks)
    assert linked_here == [True]
    assert generated.reused["pages_rendered"] == len(chunks)
    # The changed region linked here was kept for the next build, which links only the region changed then.
    monkeypatch.undo()
    linked, _loaded = _count_linking(monkeypatch)
    other = _specs()[3]
    rewrite(project, other, 6)
    generated = generate(project)
    assert linked == [other.region["id"]]
    write_generated(project, generated)


def test_the_extraction_cache_holds_the_current_reports_only(tmp_path):
    project = _make_project(tmp_path / "project")
    write_generated(project, generate(project))
    folder = project.cache / "extract"
    first = set(os.listdir(folder))
    assert len(first) == len(_specs())
    spec = _specs()[2]
    rewrite(project, spec, 7)
    (folder / "left-by-an-older-version.json").write_text("{}", encoding="utf-8")
    write_generated(project, generate(project))
    now = set(os.listdir(folder))
    assert len(now) == len(_specs()) and len(now - first) == 1  # the edited report's old extraction is gone
