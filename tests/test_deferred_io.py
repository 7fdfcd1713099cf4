"""Old files are freed off the critical path (files.Trash), and a rebuilt site reuses the old site's
files where their bytes are the same (files.reusing_site), without changing what a build leaves behind
or what a failed build leaves alone."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from generator import build as build_module
from generator import files, incremental
from generator.build import Project, build, generate
from generator.model import ReportsiteError
from tests.conftest import copy_project


def _inode(path: Path) -> int:
    return os.stat(path).st_ino


def _trash_inodes(folder: Path) -> set[int]:
    return {entry.stat().st_ino for entry in os.scandir(folder)} if folder.exists() else set()


# ---- the trash ------------------------------------------------------------------------------------

def test_replaced_and_removed_files_wait_in_the_trash_until_it_is_emptied(tmp_path):
    docs, trash = tmp_path / "docs", files.Trash(tmp_path / "trash")
    files.write_tree(docs, {"a.md": "旧\n", "b.md": "不变\n", "gone.md": "不再生成\n"})
    replaced, gone = _inode(docs / "a.md"), _inode(docs / "gone.md")
    kept = os.stat(docs / "b.md")
    written = files.write_tree(docs, {"a.md": "新\n", "b.md": "不变\n"}, trash=trash)
    assert written == ["a.md"]
    assert (docs / "a.md").read_text(encoding="utf-8") == "新\n" and not (docs / "gone.md").exists()
    assert os.stat(docs / "b.md").st_mtime_ns == kept.st_mtime_ns and _inode(docs / "b.md") == kept.st_ino
    # The old files are not freed yet: their only names are in the trash.
    assert _trash_inodes(tmp_path / "trash") == {replaced, gone}
    trash.empty()
    files.wait_for_trash()
    assert not (tmp_path / "trash").exists()


def test_staged_and_spliced_files_put_what_they_replace_in_the_trash(tmp_path):
    docs, trash = tmp_path / "docs", files.Trash(tmp_path / "trash")
    files.write_tree(docs, {"page.md": "旧\n", "all.csv": b"a\nb\n"})
    old_page, old_csv = _inode(docs / "page.md"), _inode(docs / "all.csv")
    staged = files.stage(tmp_path / "stage", "page.md", "新\n")
    spliced = files.Spliced(docs / "all.csv", files.file_stat(docs / "all.csv"), [(0, 2), b"c\n"], None)
    files.write_tree(docs, {"page.md": staged, "all.csv": spliced}, move_staged=True, trash=trash)
    assert (docs / "page.md").read_text(encoding="utf-8") == "新\n"
    assert (docs / "all.csv").read_bytes() == b"a\nc\n"
    assert _trash_inodes(tmp_path / "trash") == {old_page, old_csv}


def test_a_spliced_file_staged_early_is_compared_only_where_it_can_be_equal(tmp_path, monkeypatch):
    docs, stage = tmp_path / "docs", tmp_path / "stage"
    files.write_tree(docs, {"same.csv": b"a\nb\n", "other.csv": b"a\nb\n", "edited.csv": b"a\nb\n"})

    def spliced(name: str, new: bytes) -> files.Spliced:
        return files.Spliced(docs / name, files.file_stat(docs / name), [(0, 2), new], None)

    same = files.stage_spliced(stage, "same.csv", spliced("same.csv", b"b\n"))
    assert isinstance(same, files.Spliced) and not (stage / "same.csv").exists()  # holds these bytes: left
    other = files.stage_spliced(stage, "other.csv", spliced("other.csv", b"c\n"))
    edited = files.stage_spliced(stage, "edited.csv", spliced("edited.csv", b"c\n"))
    assert isinstance(other, files.Staged) and other.differs_from == files.file_stat(docs / "other.csv")
    (docs / "edited.csv").write_bytes(b"a\nc\n")  # by hand, meanwhile: now it holds the new bytes
    compared = []
    same_bytes = files._same_bytes
    monkeypatch.setattr(files, "_same_bytes", lambda path, data: compared.append(Path(path).name) or
                        same_bytes(path, data))
    written = files.write_tree(docs, {"same.csv": same, "other.csv": other, "edited.csv": edited}, move_staged=True)
    assert written == ["other.csv"] and compared == ["edited.csv"]
    assert {p.name: p.read_bytes() for p in docs.iterdir()} == {
        "same.csv": b"a\nb\n", "other.csv": b"a\nc\n", "edited.csv": b"a\nc\n"}


def test_stale_cache_entries_are_moved_to_the_trash_and_freed_by_another_process(tmp_path, monkeypatch):
    cache = tmp_path / ".cache"
    store = incremental.Store(cache / "pages")
    for key in ("aa1", "bb2"):
        store.put(key, {"key": key})
    incremental.prune({"pages": store}, cache / "used.pickle")
    files.wait_for_trash()
    store = incremental.Store(cache / "pages")
    assert store.get("aa1") == {"key": "aa1"}  # the only entry this build used
    stale = store._path("bb2")
    stale_inode = _inode(stale)
    monkeypatch.setattr(files.Trash, "empty", lambda self: None)  # (to look into the trash first)
    incremental.prune({"pages": store}, cache / "used.pickle")
    assert not os.path.exists(stale) and stale_inode in _trash_inodes(cache / "trash")
    monkeypatch.undo()
    files.Trash(cache / "trash").empty()
    files.wait_for_trash()
    assert not (cache / "trash").exists()
    assert incremental.Store(cache / "pages").get("aa1") == {"key": "aa1"}


def test_a_trash_left_by_a_killed_build_is_emptied_by_the_next_one(tmp_path):
    project = Project(copy_project(tmp_path / "project"))
    leftover = project.cache / "trash" / "12345-0"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"a file a killed build left")
    build_module.write_generated(project, build_module.generate(project))
    files.wait_for_trash()
    assert not (project.cache / "trash").exists()


def test_a_file_that_cannot_be_linked_into_the_trash_is_replaced_as_before(tmp_path, monkeypatch):
    docs, trash = tmp_path / "docs", files.Trash(tmp_path / "trash")
    files.write_tree(docs, {"a.md": "旧\n", "gone.md": "x\n"})

    def no_links(*args, **kwargs):
        raise PermissionError("no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "rename", no_links)
    assert files.write_tree(docs, {"a.md": "新\n"}, trash=trash) == ["a.md"]
    assert (docs / "a.md").read_text(encoding="utf-8") == "新\n" and not (docs / "gone.md").exists()
    assert not (tmp_path / "trash").exists()


# ---- the site, made of the old site's files where they are the same ---------------------------------

def test_mkdocs_writes_of_the_old_sites_bytes_become_links_to_its_files(tmp_path):
    from mkdocs import utils

    old, staging = tmp_path / "site", tmp_path / "tmp"
    files.write_tree(old, {"same.html": "同\n", "other.html": "旧\n", "sitemap.xml": "<x/>", "asset.css": "a{}"})
    before = {path.name: os.stat(path) for path in old.iterdir()}
    source = tmp_path / "asset.css"
    source.write_text("a{}")
    with files.reusing_site(old, staging):
        utils.write_file("同\n".encode(), str(staging / "site" / "same.html"))
        utils.write_file("新\n".encode(), str(staging / "site" / "other.html"))
        utils.write_file(b"<x/>", str(staging / "site" / "sitemap.xml"))
        utils.copy_file(str(source), str(staging / "site" / "asset.css"))
        # The other language, built in a folder of its own, then writing over a linked file with other bytes.
        utils.write_file("同\n".encode(), str(staging / ".site-en-1" / "same.html"))
        utils.write_file("又一个\n".encode(), str(staging / "site" / "same.html"))
    assert utils.write_file.__name__ == "write_file"  # MkDocs' own again
    assert _inode(staging / ".site-en-1" / "same.html") == before["same.html"].st_ino
    assert _inode(staging / "site" / "asset.css") == before["asset.css"].st_ino
    assert _inode(staging / "site" / "other.html") != before["other.html"].st_ino
    assert _inode(staging / "site" / "sitemap.xml") != before["sitemap.xml"].st_ino  # written in place later
    assert (staging / "site" / "same.html").read_text(encoding="utf-8") == "又一个\n"
    # The old site is as it was, byte for byte and time for time.
    assert {p.name: p.read_text(encoding="utf-8") for p in old.iterdir()} == {
        "same.html": "同\n", "other.html": "旧\n", "sitemap.xml": "<x/>", "asset.css": "a{}"}
    assert {p.name: os.stat(p).st_mtime_ns for p in old.iterdir()} == {n: s.st_mtime_ns for n, s in before.items()}


@pytest.fixture
def finished(built, tmp_path) -> Project:
    """A copy of the project holding a finished build of the seeds (site/, docs/, data/, .cache/)."""
    first, _ = built
    root = copy_project(tmp_path / "project")
    for name in ("site", "docs", ".cache"):
        shutil.copytree(first.root / name, root / name, dirs_exist_ok=True)
    shutil.copytree(first.reports_dir, root / "data" / "reports")
    return Project(root)


def _site(project: Project) -> dict[str, os.stat_result]:
    return {p.relative_to(project.site).as_posix(): p.stat() for p in project.site.rglob("*") if p.is_file()}


def test_a_rebuild_keeps_the_files_of_the_site_that_did_not_change(finished, monkeypatch):
    build(finished)  # (a copied docs/ is other files than the manifest says: this build writes them again)
    before = _site(finished)
    read_from = []
    run_mkdocs = build_module.run_mkdocs

    def recording(project, docs_dir, site_dir):
        read_from.append(docs_dir)
        run_mkdocs(project, docs_dir, site_dir)

    monkeypatch.setattr(build_module, "run_mkdocs", recording)
    time.sleep(0.01)  # (a file written again would have another modification time)
    build(finished)
    # MkDocs read docs/ itself: nothing was copied or linked elsewhere for it.
    assert read_from == [finished.docs]
    after = _site(finished)
    assert after.keys() == before.keys()
    kept = [rel for rel in after if after[rel].st_ino == before[rel].st_ino]
    # Every page, in both languages (the other one is built in a process of its own), and every asset.
    assert "index.html" in kept and "en/index.html" in kept and "assets/reportsite.css" in kept
    assert len(kept) > 0.9 * len(after)
    for rel in kept:
        assert after[rel].st_mtime_ns == before[rel].st_mtime_ns and after[rel].st_nlink == 1
    assert not (finished.cache / "trash").exists()  # freed before build() returned
    assert not list(finished.root.glob("reportsite-*"))


def _snapshot(project: Project) -> dict[str, tuple[bytes, int, int, int]]:
    """Every file of site/, docs/ and data/: its bytes, modification time, inode and number of links."""
    found = {}
    for name in ("site", "docs", "data"):
        for path in sorted((project.root / name).rglob("*")):
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(project.root).as_posix()] = (
                    path.read_bytes(), stat.st_mtime_ns, stat.st_ino, stat.st_nlink)
    return found


def test_a_page_changed_in_docs_while_mkdocs_read_it_fails_the_build(finished, monkeypatch):
    build(finished)
    before = _snapshot(finished)
    page = finished.docs / "methodology.md"
    run_mkdocs = build_module.run_mkdocs

    def editing_meanwhile(project, docs_dir, site_dir):
        run_mkdocs(project, docs_dir, site_dir)
        page.write_text(page.read_text(encoding="utf-8") + "\n编辑\n", encoding="utf-8")

    monkeypatch.setattr(build_module, "run_mkdocs", editing_meanwhile)
    with pytest.raises(ReportsiteError, match="changed while the site was being generated"):
        build(finished)
    after = _snapshot(finished)
    assert after.pop("docs/methodology.md")[0].endswith("\n编辑\n".encode())
    before.pop("docs/methodology.md")
    assert after == before


def _change_a_figure(project: Project) -> None:
    """One growth rate ten points higher in the first seed: its pages and the downloads change."""
    seed = sorted(project.seeds.glob("*.txt"))[0]
    seed.write_text(re.sub(r"增长(\d)", r"增长1\1", seed.read_text(encoding="utf-8"), count=1), encoding="utf-8")


@pytest.mark.parametrize("failing", ["run_mkdocs", "write_generated"])
def test_a_build_that_fails_after_writing_docs_leaves_site_docs_and_data_as_they_were(finished, monkeypatch, failing):
    """docs/ takes the changed pages before MkDocs reads it: a later failure puts back every file they
    replaced (the same file: bytes, time, inode) and removes the new ones."""
    build(finished)
    before = _snapshot(finished)
    _change_a_figure(finished)
    written = []
    write_docs = build_module.write_docs

    def recording(*args):
        found = write_docs(*args)
        written.extend(found[0])
        return found

    def fail(*args):
        raise ReportsiteError("docs", "disk full")

    monkeypatch.setattr(build_module, "write_docs", recording)
    monkeypatch.setattr(build_module, failing, fail)
    with pytest.raises(ReportsiteError) as failed:
        build(finished)
    assert failed.value.step == {"run_mkdocs": "mkdocs build --strict", "write_generated": "write"}[failing]
    assert any(path.startswith("reports/") for path in written)  # (pages were written, and put back)
    assert _snapshot(finished) == before  # (the staging site's links to the old files are gone with it, too)
    assert not list(finished.root.glob("reportsite-*"))


def test_spliced_downloads_are_copied_once_while_the_pages_render(finished, monkeypatch):
    build(finished)  # (the copied docs/ is written again, as above)
    _change_a_figure(finished)
    copied_to, inodes = [], {}
    write_to = files.Spliced.write_to

    def recording(self, path, trash=None):
        copied_to.append(Path(path))
        done = write_to(self, path, trash)
        inodes[Path(path).relative_to(Path(path).parents[1]).as_posix()] = os.stat(path).st_ino
        return done

    monkeypatch.setattr(files.Spliced, "write_to", recording)
    generated, written = build(finished)
    assert copied_to, "no download was spliced"
    # Into the build's staging folder (reportsite-*/docs), once each, and then moved into docs/ as they are.
    assert all(path.parents[1].name == "docs" and path.parents[2].name.startswith("reportsite-")
               for path in copied_to), copied_to
    assert len(copied_to) == len(set(copied_to))
    for rel, inode in inodes.items():
        assert rel in written["docs"] and (finished.docs / rel).stat().st_ino == inode
    # ... holding what a build from nothing makes
    fresh = generate(finished, use_cache=False).pages
    assert {rel: (finished.docs / rel).read_bytes() for rel in inodes} == {rel: fresh[rel] for rel in inodes}
