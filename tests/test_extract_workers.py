"""Reports extracted in worker processes (incremental.Extractions) come out exactly as extracted in the build's
own process: the same data/ and docs/, the same cache entries, the same counts of what was reused; and when
the workers cannot start or die, the build extracts the reports itself. A bad report among many is still one
line naming its file, never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import bench, incremental
from generator.build import Project, generate, write_generated
from tests.test_bad_input import UNCHANGED, error_lines, run_cli

N = 24  # more than incremental.PARALLEL_FROM, and three chunks of incremental.CHUNK


def _tree(root: Path, folder: str) -> dict[str, bytes]:
    base = root / folder
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root, _specs = bench.make_project(tmp_path_factory.mktemp("workers") / "project", N)
    return root


@pytest.fixture
def started(monkeypatch) -> list[str | None]:
    """How each Extractions of the test started its workers: "fork", "spawn" or None (none at all)."""
    found = []
    init = incremental.Extractions.__init__

    def spy(self, *args, **kwargs):
        init(self, *args, **kwargs)
        found.append(self.started)

    monkeypatch.setattr(incremental.Extractions, "__init__", spy)
    return found


def _build(corpus: Path, target: Path):
    shutil.copytree(corpus, target)
    project = Project(target)
    generated = generate(project)
    write_generated(project, generated)
    return project, generated


@pytest.fixture(scope="module")
def in_process(corpus, tmp_path_factory):
    """The corpus built with every report extracted in the build's own process."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "PARALLEL_FROM", 10 ** 9)
        patch.setattr(incremental, "SPAWN_FROM", 10 ** 9)
        return _build(corpus, tmp_path_factory.mktemp("in-process") / "project")


def _same_as_in_process(in_process, project: Project, generated) -> None:
    expected_project, expected = in_process
    for folder in ("docs", "data/reports"):
        assert _tree(project.root, folder) == _tree(expected_project.root, folder), folder
    # the same entries in the record cache (keyed by content, so under the same names) and extraction cache
    for folder in (".cache/records", ".cache/extract"):
        assert _tree(project.root, folder) == _tree(expected_project.root, folder), folder
    assert generated.reused == expected.reused
    assert generated.reused["records_made"] == N
    assert [str(p) for p in generated.problems] == [str(p) for p in expected.problems]


def test_forked_workers_make_what_the_build_makes_itself(corpus, in_process, tmp_path, started):
    if not incremental._can_fork():
        pytest.skip("workers cannot be forked here (another thread runs)")
    project, generated = _build(corpus, tmp_path / "project")
    assert started == ["fork"]
    _same_as_in_process(in_process, project, generated)
    # A rebuild finds every record in the cache: nothing is extracted again, no worker starts.
    again = generate(project)
    assert again.reused["records"] == N and again.reused["records_made"] == 0
    assert started == ["fork", None]


def test_spawned_workers_make_what_the_build_makes_itself(corpus, in_process, tmp_path, started, monkeypatch):
    monkeypatch.setattr(incremental, "_can_fork", lambda: False)  # as in MkDocs' server, which runs threads
    monkeypatch.setattr(incremental, "SPAWN_FROM", 1)
    project, generated = _build(corpus, tmp_path / "project")
    assert started == ["spawn"]
    _same_as_in_process(in_process, project, generated)


def test_a_build_without_caches_uses_the_workers_too(corpus, in_process, tmp_path, started):
    if not incremental._can_fork():
        pytest.skip("workers cannot be forked here (another thread runs)")
    shutil.copytree(corpus, tmp_path / "project")
    generated = generate(Project(tmp_path / "project"), use_cache=False)
    assert started == ["fork"]
    assert not (tmp_path / "project" / ".cache").exists()
    assert generated.data_files == in_process[1].data_files
    assert [str(p) for p in generated.problems] == [str(p) for p in in_process[1].problems]


class _NoProcesses:
    def __init__(self, *args, **kwargs):
        raise OSError("no processes here")


def _die(jobs):
    os._exit(3)


@pytest.mark.parametrize("how", ["no_pool", "workers_die"])
def test_without_working_workers_the_build_extracts_the_reports_itself(how, corpus, in_process, tmp_path,
                                                                      monkeypatch):
    if how == "no_pool":
        monkeypatch.setattr(incremental, "ProcessPoolExecutor", _NoProcesses)
    else:
        monkeypatch.setattr(incremental, "_can_fork", lambda: False)  # spawned: each imports _die anew
        monkeypatch.setattr(incremental, "SPAWN_FROM", 1)
        monkeypatch.setattr(incremental, "_extract_chunk", _die)
    project, generated = _build(corpus, tmp_path / "project")
    _same_as_in_process(in_process, project, generated)


def test_a_bad_report_among_many_is_one_line(corpus, tmp_path, capsys, monkeypatch, started):
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    (root / "seeds" / "zz-bad.txt").write_bytes(bytes(range(256)) * 64)
    code, _out, err = run_cli(root, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert started and started[0] in ("fork", "spawn", None)
    assert err.splitlines()[-2:] == ["error: seeds/zz-bad.txt: binary file (NUL bytes; expected report text)",
                                     UNCHANGED.format(step="generate")]


def test_a_broken_review_of_a_report_extracted_by_a_worker_is_one_line(corpus, tmp_path, capsys, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    review = root / "data" / "review"
    review.mkdir(parents=True, exist_ok=True)
    generated = generate(Project(root))  # the report ids, as the records name them
    rid = sorted(r["report"]["id"] for r in generated.records)[5]
    shutil.rmtree(root / ".cache")
    (review / f"{rid}.yaml").write_text("drop: line 18\n", encoding="utf-8")
    code, _out, err = run_cli(root, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: data/review/{rid}.yaml:1: drop: not a list (expected a list of "
                                f"entries, got text)"]
    assert err.splitlines()[-1] == UNCHANGED.format(step="generate")
