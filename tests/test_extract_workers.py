"""Reports extracted in worker processes (incremental.Extractions) come out exactly as extracted in the build's
own process: the same data/ and docs/, the same cache entries, the same counts of what was reused; and when
the workers cannot start or die, the build extracts the reports itself. A bad report among many is still one
line naming its file, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import bench, consistency, incremental
from generator.build import Project, generate, write_generated
from tests.bench_corpus import rewrite
from tests.conftest import ROOT
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


def _same_as_in_process(in_process, project: Project, reused: dict, problems: list[str]) -> None:
    expected_project, expected = in_process
    for folder in ("docs", "data/reports"):
        assert _tree(project.root, folder) == _tree(expected_project.root, folder), folder
    # the same entries in the record cache (keyed by content, so under the same names) and extraction cache
    for folder in (".cache/records", ".cache/extract"):
        assert _tree(project.root, folder) == _tree(expected_project.root, folder), folder
    assert reused == expected.reused
    assert reused["records_made"] == N
    assert problems == [str(p) for p in expected.problems]


# Forking needs a process without other threads (tests of other modules leave servers running in this
# one), so builds with forked workers run in a fresh interpreter, which reports back what they did.
_FRESH_BUILD = """
import json, sys
from generator import incremental
from generator.build import Project, generate, write_generated

started = []
init = incremental.Extractions.__init__

def spy(self, *args, **kwargs):
    init(self, *args, **kwargs)
    started.append(self.started)

incremental.Extractions.__init__ = spy
for name, value in json.loads(sys.argv[3] if len(sys.argv) > 3 else "{}").items():
    setattr(incremental, name, value)
out = []
for use_cache in json.loads(sys.argv[2]):
    project = Project(sys.argv[1])
    generated = generate(project, use_cache=use_cache)
    if use_cache:
        write_generated(project, generated)
    out.append({"reused": generated.reused, "problems": [str(p) for p in generated.problems],
                "data": {k: v for k, v in generated.data_files.items() if isinstance(v, str)}})
print(json.dumps({"started": started, "builds": out}))
"""


def _fresh_builds(root: Path, *use_cache: bool, settings: dict | None = None) -> dict:
    """Builds in a fresh interpreter (with or without caches, in turn), `settings` of incremental set first."""
    done = subprocess.run([sys.executable, "-c", _FRESH_BUILD, str(root), json.dumps(use_cache),
                           json.dumps(settings or {})], cwd=root,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_forked_workers_make_what_the_build_makes_itself(corpus, in_process, tmp_path):
    shutil.copytree(corpus, tmp_path / "project")
    project = Project(tmp_path / "project")
    found = _fresh_builds(project.root, True, True)
    assert found["started"] == ["fork", None]  # the rebuild finds every record in the cache: no workers
    first, again = found["builds"]
    _same_as_in_process(in_process, project, first["reused"], first["problems"])
    assert again["reused"]["records"] == N and again["reused"]["records_made"] == 0


@pytest.mark.skipif(incremental._cores() < 2, reason="one core: nothing to do beside the loading")
def test_a_few_changed_reports_are_extracted_while_the_others_load(corpus, tmp_path, monkeypatch):
    shutil.copytree(corpus, tmp_path / "project")
    project = Project(tmp_path / "project")
    assert _fresh_builds(project.root, True)["started"] == ["fork"]
    spec = bench.plan_corpus(N)[5]
    rewrite(project, spec, 3)
    shutil.copytree(project.root, tmp_path / "reference")
    # One report to extract, N - 1 to load: with BESIDE_LOADING at N - 1, a worker extracts it meanwhile.
    found = _fresh_builds(project.root, True, settings={"BESIDE_LOADING": N - 1})
    assert found["started"] == ["fork"]
    assert found["builds"][0]["reused"]["records_made"] == 1 and found["builds"][0]["reused"]["records"] == N - 1
    # ... as the build would have made it itself
    monkeypatch.setattr(incremental, "BESIDE_LOADING", 10 ** 9)
    reference = Project(tmp_path / "reference")
    generated = generate(reference)
    write_generated(reference, generated)
    assert generated.reused["records_made"] == 1
    for folder in ("docs", "data/reports", ".cache/records"):
        assert _tree(project.root, folder) == _tree(reference.root, folder), folder
    assert found["builds"][0]["problems"] == [str(p) for p in generated.problems]
    # With fewer reports to load than that, the build extracts the changed report itself.
    rewrite(project, spec, 4)
    assert _fresh_builds(project.root, True, settings={"BESIDE_LOADING": N})["started"] == [None]


def test_spawned_workers_make_what_the_build_makes_itself(corpus, in_process, tmp_path, started, monkeypatch):
    monkeypatch.setattr(incremental, "_can_fork", lambda: False)  # as in MkDocs' server, which runs threads
    monkeypatch.setattr(incremental, "SPAWN_FROM", 1)
    checked_here = []
    check_record = consistency.check_record
    monkeypatch.setattr(consistency, "check_record", lambda record: checked_here.append(record) or
                        check_record(record))  # (spawned workers import their own, unpatched)
    project, generated = _build(corpus, tmp_path / "project")
    assert started == ["spawn"]
    _same_as_in_process(in_process, project, generated.reused, [str(p) for p in generated.problems])
    # The workers checked each report's data (the pages and warnings above are the same): the build did not.
    assert checked_here == []
    assert any(p.code != "unmapped" for p in generated.problems if p.severity == "warning")  # notes among them


def test_a_build_without_caches_uses_the_workers_too(corpus, in_process, tmp_path):
    shutil.copytree(corpus, tmp_path / "project")
    found = _fresh_builds(tmp_path / "project", False)
    assert found["started"] == ["fork"]
    assert not (tmp_path / "project" / ".cache").exists()
    built = found["builds"][0]
    assert built["data"] == in_process[1].data_files
    assert built["problems"] == [str(p) for p in in_process[1].problems]


class _NoProcesses:
    def __init__(self, *args, **kwargs):
        raise OSError("no processes here")


def _die(jobs):
    os._exit(3)


@pytest.mark.parametrize("how", ["no_pool", "workers_die"])
def test_without_working_workers_the_build_extracts_the_reports_itself(how, corpus, in_process, tmp_path,
                                                                      monkeypatch, started):
    monkeypatch.setattr(incremental, "_can_fork", lambda: False)  # spawned (each worker imports _die anew)
    monkeypatch.setattr(incremental, "SPAWN_FROM", 1)
    if how == "no_pool":
        monkeypatch.setattr(incremental, "ProcessPoolExecutor", _NoProcesses)
    else:
        monkeypatch.setattr(incremental, "_extract_chunk", _die)
    project, generated = _build(corpus, tmp_path / "project")
    assert started == ([None] if how == "no_pool" else ["spawn"])
    _same_as_in_process(in_process, project, generated.reused, [str(p) for p in generated.problems])


@pytest.mark.parametrize("how", ["spawned", "forked"])
def test_a_bad_report_among_many_is_one_line(how, corpus, tmp_path, capsys, monkeypatch, started):
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    (root / "seeds" / "zz-bad.txt").write_bytes(bytes(range(256)) * 64)
    if how == "spawned":
        monkeypatch.setattr(incremental, "_can_fork", lambda: False)
        monkeypatch.setattr(incremental, "SPAWN_FROM", 1)
        code, _out, err = run_cli(root, "build", capsys=capsys, monkeypatch=monkeypatch)
        assert started == ["spawn"]
    else:  # `python -m generator build`, as a process of its own: its workers are forked
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], cwd=root,
                              capture_output=True, text=True)  # (with the project's copy of the generator)
        code, err = done.returncode, done.stderr
        assert "Traceback" not in err
    assert code == 1
    assert err.splitlines()[-2:] == ["error: seeds/zz-bad.txt: binary file (NUL bytes; expected report text)",
                                     UNCHANGED.format(step="generate")]


def test_a_broken_review_of_a_report_extracted_by_a_worker_is_one_line(corpus, in_process, tmp_path, capsys,
                                                                      monkeypatch, started):
    monkeypatch.setattr(incremental, "_can_fork", lambda: False)
    monkeypatch.setattr(incremental, "SPAWN_FROM", 1)
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    rid = sorted(r["report"]["id"] for r in in_process[1].records)[5]
    (root / "data" / "review").mkdir(parents=True, exist_ok=True)
    (root / "data" / "review" / f"{rid}.yaml").write_text("drop: line 18\n", encoding="utf-8")
    code, _out, err = run_cli(root, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert started == ["spawn"]
    assert code == 1
    assert error_lines(err) == [f"error: data/review/{rid}.yaml:1: drop: not a list (expected a list of "
                                f"entries, got text)"]
    assert err.splitlines()[-1] == UNCHANGED.format(step="generate")
