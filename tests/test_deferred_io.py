"""Old files are freed off the critical path (files.Trash), without changing what a build leaves behind."""

from __future__ import annotations

import os
from pathlib import Path

from generator import build as build_module
from generator import files, incremental
from generator.build import Project
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

