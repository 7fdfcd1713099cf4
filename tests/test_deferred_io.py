"""What a build leaves behind and what a failed build leaves alone: files edited by hand meanwhile are
seen, a failure after docs/ was written puts every replaced file back, spliced downloads are made once."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator import build as build_module
from generator import files
from generator.build import Project, build, generate
from generator.model import ReportsiteError
from tests.conftest import copy_project


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


def test_a_rebuild_makes_the_same_site_and_leaves_nothing_behind(finished, monkeypatch):
    build(finished)  # (a copied docs/ is other files than the manifest says: this build writes them again)
    before = {rel: (finished.site / rel).read_bytes() for rel in _site(finished)}
    read_from = []
    run_mkdocs = build_module.run_mkdocs

    def recording(project, docs_dir, site_dir):
        read_from.append(docs_dir)
        run_mkdocs(project, docs_dir, site_dir)

    monkeypatch.setattr(build_module, "run_mkdocs", recording)
    build(finished)
    # MkDocs read docs/ itself: nothing was copied elsewhere for it.
    assert read_from == [finished.docs]
    assert {rel: (finished.site / rel).read_bytes() for rel in _site(finished)} == before
    assert not list(finished.root.glob("reportsite-*")) and not (finished.cache / "trash").exists()


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
    assert _snapshot(finished) == before
    assert not list(finished.root.glob("reportsite-*"))


def test_spliced_downloads_are_copied_once_while_the_pages_render(finished, monkeypatch):
    build(finished)  # (the copied docs/ is written again, as above)
    _change_a_figure(finished)
    copied_to, inodes = [], {}
    write_to = files.Spliced.write_to

    def recording(self, path, undo=None):
        copied_to.append(Path(path))
        done = write_to(self, path, undo)
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
