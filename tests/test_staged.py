"""A full build writes pages and downloads into its staging folder as it makes them (files.Staged),
so a thousand reports' site is never all in memory; what ends up in docs/ must not change for it."""

import os

import pytest

from generator import files, render
from generator.build import Project, generate, write_generated
from generator.model import ReportsiteError
from tests.conftest import copy_project
from tests.test_raw_blocks import render_ui


def _bytes(tree: dict) -> dict[str, bytes]:
    return {path: files.content(value) for path, value in tree.items()}


def test_staged_pages_and_downloads_equal_the_ones_made_in_memory(tmp_path):
    project = Project(copy_project(tmp_path / "project"))
    in_memory = generate(project, use_cache=False)
    stage = tmp_path / "stage"
    staged = generate(project, use_cache=False, stage=stage)
    assert _bytes(staged.pages) == _bytes(in_memory.pages)
    kinds = {path: type(value).__name__ for path, value in staged.pages.items()}
    # Every page and download is on disk already, under its own path; only the few small files made
    # after the pages (links.csv, redirect pages, the site's assets) are still in memory.
    assert kinds["reports/xiangcheng-2024h1-plan-execution.en.md"] == "Staged"
    assert kinds["data/all.json"] == "Staged"
    assert kinds["data/reports/xiangcheng-2024h1-plan-execution.csv"] == "Staged"
    for path, value in staged.pages.items():
        if isinstance(value, files.Staged):
            assert value.file == os.path.join(stage, path)
    in_memory_kinds = {type(v).__name__ for v in in_memory.pages.values()}
    assert "Staged" not in in_memory_kinds


def test_pages_staged_by_worker_processes_equal_pages_rendered_here(built, tmp_path, monkeypatch):
    _project, generated = built
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=render_ui(),
                       sources=generated.sources, site_url="https://example.github.io/reportsite/")
    here = render.render_site(site, render.Renderer(site))
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 3)
    monkeypatch.setattr(render, "_can_fork", lambda: True)  # the children only render and write files
    staged = render.render_site(site, render.Renderer(site), tmp_path / "stage")
    assert any(isinstance(v, files.Staged) for v in staged.values())
    assert _bytes(staged) == _bytes(here)


def test_a_staged_file_is_copied_to_docs_only_when_its_bytes_differ(tmp_path):
    stage, docs = tmp_path / "stage", tmp_path / "docs"
    same = files.stage(stage, "a/same.md", "同一页\n")
    other = files.stage(stage, "a/other.md", "新的一页\n")
    longer = files.stage(stage, "b/new.csv", b"x,y\n1,2\n")
    files.write_tree(docs, {"a/same.md": "同一页\n", "a/other.md": "旧的一页\n"})
    kept = os.stat(docs / "a" / "same.md").st_mtime_ns
    stats = {}
    written = files.write_tree(docs, {"a/same.md": same, "a/other.md": other, "b/new.csv": longer}, stats=stats)
    assert sorted(written) == ["a/other.md", "b/new.csv"]
    assert os.stat(docs / "a" / "same.md").st_mtime_ns == kept
    assert (docs / "a" / "other.md").read_text(encoding="utf-8") == "新的一页\n"
    assert (docs / "b" / "new.csv").read_bytes() == b"x,y\n1,2\n"
    assert stats["b/new.csv"] == files.file_stat(docs / "b" / "new.csv")
    # In its own staging folder a marker is already in place: nothing is written.
    assert files.write_tree(stage, {"a/same.md": same, "a/other.md": other, "b/new.csv": longer}) == []


def test_staged_files_written_to_docs_are_moved_not_copied_and_their_markers_follow(tmp_path):
    stage, docs = tmp_path / "stage", tmp_path / "docs"
    same = files.stage(stage, "a/same.md", "同一页\n")
    other = files.stage(stage, "a/other.md", "新的一页\n")  # as long as the page there, other bytes
    new = files.stage(stage, "b/c/new.csv", b"x,y\n1,2\n")
    files.write_tree(docs, {"a/same.md": "同一页\n", "a/other.md": "旧的一页\n"})
    kept = os.stat(docs / "a" / "same.md")
    inode_other, inode_new = os.stat(other.file).st_ino, os.stat(new.file).st_ino
    tree, stats = {"a/same.md": same, "a/other.md": other, "b/c/new.csv": new}, {}
    written = files.write_tree(docs, tree, stats=stats, move_staged=True)
    assert sorted(written) == ["a/other.md", "b/c/new.csv"]
    # The same page stays as it was (and its staged copy where it was); the others are the staged files.
    assert os.stat(docs / "a" / "same.md").st_mtime_ns == kept.st_mtime_ns
    assert os.path.exists(same.file) and tree["a/same.md"] is same
    assert os.stat(docs / "a" / "other.md").st_ino == inode_other
    assert os.stat(docs / "b" / "c" / "new.csv").st_ino == inode_new
    assert not os.path.exists(stage / "a" / "other.md") and not os.path.exists(stage / "b" / "c" / "new.csv")
    assert (docs / "a" / "other.md").read_text(encoding="utf-8") == "新的一页\n"
    for rel in ("a/other.md", "b/c/new.csv"):
        assert tree[rel].file == os.path.join(docs, rel)
        assert stats[rel] == tree[rel].stat == files.file_stat(docs / rel)
        assert files.content(tree[rel]) == (docs / rel).read_bytes()


def test_a_staged_file_changed_before_it_is_moved_is_an_error_not_a_wrong_page(tmp_path):
    stage, docs = tmp_path / "stage", tmp_path / "docs"
    marker = files.stage(stage, "a.md", "一页\n")
    (stage / "a.md").write_text("别人写的\n", encoding="utf-8")
    with pytest.raises(ReportsiteError, match="changed while the site was being generated"):
        files.write_tree(docs, {"a.md": marker}, move_staged=True)
    assert not (docs / "a.md").exists()


def test_meanwhile_runs_once_while_workers_render_and_once_without_them(built, tmp_path, monkeypatch):
    # The build makes the downloads in this process while forked workers render the pages.
    _project, generated = built
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=render_ui(),
                       sources=generated.sources, site_url="https://example.github.io/reportsite/")
    calls = []
    here = render.render_site(site, render.Renderer(site), meanwhile=lambda: calls.append("here"))
    assert calls == ["here"]
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    forked = render.render_site(site, render.Renderer(site), tmp_path / "stage",
                                meanwhile=lambda: calls.append(os.getpid()))
    assert calls == ["here", os.getpid()]  # in this process, not in a worker
    assert _bytes(forked) == _bytes(here)


def test_an_error_in_a_render_worker_reaches_the_build_as_its_one_line(built, tmp_path, monkeypatch):
    import pickle

    import pytest

    from generator.model import ReportsiteError

    _project, generated = built
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=render_ui(),
                       sources=generated.sources, site_url="https://example.github.io/reportsite/")
    real = render.Renderer.render_uncached

    def failing(self, template, page_path, **context):
        if page_path.startswith("sources/"):
            raise ReportsiteError("seeds/x.txt", "cannot be shown", "fix it", line=7)
        return real(self, template, page_path, **context)

    monkeypatch.setattr(render.Renderer, "render_uncached", failing)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    with pytest.raises(ReportsiteError) as caught:
        render.render_site(site, render.Renderer(site), tmp_path / "stage")
    assert caught.value.line() == "seeds/x.txt:7: cannot be shown (fix it)"
    error = ReportsiteError("a", "b")
    error.step = "render"
    assert pickle.loads(pickle.dumps(error)).step == "render"


def test_a_rebuilds_few_big_pages_are_rendered_in_workers(tmp_path, monkeypatch):
    project = Project(copy_project(tmp_path / "project"))
    write_generated(project, generate(project))  # (a manifest for the next build)
    seed = sorted(project.seeds.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(render, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    forked = []

    class Pool(render.ProcessPoolExecutor):
        def map(self, fn, tasks):
            forked.append(fn)
            return super().map(fn, tasks)

    monkeypatch.setattr(render, "ProcessPoolExecutor", Pool)
    generated = generate(project, stage=tmp_path / "two")
    assert generated.reused["pages_rendered"] > 0 and forked
