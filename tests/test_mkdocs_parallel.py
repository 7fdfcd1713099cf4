"""`mkdocs build` with the Chinese and English builds at once (generator/mkdocs_parallel.py).

The site is the one the sequential build makes, file for file and byte for byte (sitemap, search
index, 404 page, theme files); a warning in either language fails strict mode with a problem naming
its page, as the sequential build's does; and where the parallel build cannot apply, or its child
fails, the sequential build's result comes out all the same.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import bench, mkdocs_parallel, render
from generator.build import ProblemsError, Project, build, run_mkdocs

DATE = "1700000000"  # SOURCE_DATE_EPOCH: the pages' date (sitemap.xml) is the same even across midnight


@pytest.fixture(autouse=True)
def forkable(monkeypatch):
    # Other tests' servers and browsers may run threads in this process; the child here only builds.
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DATE)
    monkeypatch.delenv(mkdocs_parallel.SWITCH, raising=False)


def tree(site: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) of a site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() if p.is_file() else None for p in sorted(site.rglob("*"))}


def assert_same_site(found: Path, expected: dict[str, bytes | None]) -> None:
    got = tree(found)
    assert sorted(got.keys() ^ expected.keys()) == []
    assert [name for name in expected if got[name] != expected[name]] == []


def one_after_the_other(project: Project, docs: Path, site: Path) -> dict[str, bytes | None]:
    run_mkdocs(project, docs, site, parallel=False)
    assert mkdocs_parallel.last == {"parallel": False, "why": "not asked"}
    return tree(site)


@pytest.fixture(scope="module")
def sequential(built, tmp_path_factory) -> dict[str, bytes | None]:
    """The seeds' site built one language after the other."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", DATE)
        return one_after_the_other(built[0], built[0].docs, tmp_path_factory.mktemp("sequential") / "site")


def test_the_seeds_site_built_at_once_is_the_sequential_one(built, sequential, tmp_path):
    project, _ = built
    run_mkdocs(project, project.docs, tmp_path / "site")
    assert mkdocs_parallel.last["parallel"] and not mkdocs_parallel.last.get("built_here"), mkdocs_parallel.last
    assert_same_site(tmp_path / "site", sequential)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the child's folder is gone
    # What the two builds share came out whole: both languages in the sitemap and the search index.
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == sitemap.count("</url>") > 2
    assert "/reportsite/en/methodology/</loc>" in sitemap and "/reportsite/methodology/</loc>" in sitemap
    docs = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    english = [d["location"].startswith("en/") for d in docs]
    assert any(english) and not all(english)
    assert english == sorted(english)  # Chinese entries first, as the sequential build writes them


def test_a_synthetic_corpus_built_at_once_is_the_sequential_one(tmp_path):
    root, _specs = bench.make_project(tmp_path / "project", 4)
    project = Project(root)
    build(project)  # the whole pipeline, MkDocs at once
    assert mkdocs_parallel.last["parallel"] and not mkdocs_parallel.last.get("built_here"), mkdocs_parallel.last
    assert_same_site(project.site, one_after_the_other(project, project.docs, tmp_path / "sequential"))


@pytest.mark.parametrize("page", ["links.en.md", "methodology.md"])
def test_a_warning_in_either_language_fails_strict_mode_naming_its_page(built, tmp_path, page):
    project, _ = built
    docs = tmp_path / "docs"
    shutil.copytree(project.docs, docs)
    with (docs / page).open("a", encoding="utf-8") as out:
        out.write("\n[a broken link](no-such-page.md)\n")
    problems = {}
    for parallel in (False, None):
        with pytest.raises(ProblemsError) as failed:
            run_mkdocs(project, docs, tmp_path / f"site-{parallel}", parallel)
        problems[parallel] = [str(p) for p in failed.value.problems]
    assert mkdocs_parallel.last["parallel"]
    # An English page fails the child's build, which this process then does again to report it.
    assert mkdocs_parallel.last.get("built_here", False) == page.endswith(".en.md")
    assert problems[None] == problems[False]
    assert problems[None] == [f"docs/{page}: mkdocs build --strict: Doc file '{page}' contains a link "
                              f"'no-such-page.md', but the target is not found among documentation files."]
    assert not list(tmp_path.glob(".site-*"))


def test_a_failed_child_is_built_again_here(built, sequential, tmp_path, monkeypatch):
    def fail(*_args):
        import os

        os._exit(1)

    monkeypatch.setattr(mkdocs_parallel, "_child", fail)
    project, _ = built
    run_mkdocs(project, project.docs, tmp_path / "site")
    assert mkdocs_parallel.last["parallel"] and mkdocs_parallel.last["built_here"]
    assert_same_site(tmp_path / "site", sequential)


def test_the_sequential_build_runs_where_the_parallel_one_cannot(built, sequential, tmp_path, monkeypatch):
    from mkdocs.config import load_config

    project, _ = built

    def why() -> str:
        config = load_config(config_file=str(project.config), docs_dir=str(project.docs),
                             site_dir=str(tmp_path / "site"), strict=True)
        return mkdocs_parallel._plan(config)[2]

    assert why() == ""
    with monkeypatch.context() as patch:
        patch.setitem(mkdocs_parallel.PINNED, "mkdocs-static-i18n", "0.1")
        assert why() == "mkdocs-static-i18n 1.3.1 (written for 0.1)"
    with monkeypatch.context() as patch:
        patch.setenv(mkdocs_parallel.SWITCH, "0")
        assert why() == f"{mkdocs_parallel.SWITCH}=0"
    with monkeypatch.context() as patch:
        patch.setattr("sys.argv", ["mkdocs", "serve", "--dirty"])
        assert why() == "dirty build"
    # Another thread running (or one core): the sequential build, with the same site.
    monkeypatch.setattr(render, "_can_fork", lambda: False)
    assert why() == "one core, no fork, or other threads running"
    run_mkdocs(project, project.docs, tmp_path / "site")
    assert mkdocs_parallel.last == {"parallel": False, "why": "one core, no fork, or other threads running"}
    assert_same_site(tmp_path / "site", sequential)
