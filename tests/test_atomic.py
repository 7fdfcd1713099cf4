"""A failed build changes nothing: the previous site/, data/ and docs/ stay byte for byte, untouched.

Each case starts from a finished build (copied from the session build), breaks one input the way
people do (a template that fails MkDocs' strict mode, a template that does not parse, a broken
catalog), runs `python -m generator build` in that copy, and checks the error names the file and
the step, and that nothing was written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_project

STEP_LINE = "build failed at step '{step}': data/, docs/ and site/ were left as they were"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of site/, data/ and docs/ with its bytes and modification time."""
    found = {}
    for name in ("site", "data", "docs"):
        for path in sorted((root / name).rglob("*")):
            if path.is_file():
                found[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


@pytest.fixture
def finished(built, tmp_path) -> Path:
    """A copy of the project holding a finished build of the seeds (and its warm caches)."""
    first, _ = built
    root = copy_project(tmp_path / "project")
    for name in ("site", "docs", ".cache"):
        if (first.root / name).exists():
            shutil.copytree(first.root / name, root / name, dirs_exist_ok=True)
    shutil.copytree(first.reports_dir, root / "data" / "reports")
    return root


def build_in(root: Path) -> subprocess.CompletedProcess:
    """`python -m generator build` run in the copy, so the copy's own generator/ and templates are used."""
    return subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                          timeout=900, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_page_that_fails_strict_mode_leaves_everything_as_it_was(finished, built):
    before = snapshot(finished)
    reports = sorted(p.stem for p in (finished / "data" / "reports").glob("*.yaml"))
    _append(finished / "generator" / "templates" / "report.md.j2", "\n[a broken link](no-such-page.md)\n")
    result = build_in(finished)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    pages = sorted(f"reports/{rid}{suffix}.md" for rid in reports for suffix in ("", ".en"))
    assert sorted(re.match(r"error: docs/(\S+?): ", line).group(1) for line in errors) == pages
    assert all("mkdocs build --strict: Doc file" in line and "'no-such-page.md'" in line for line in errors)
    assert result.stderr.splitlines()[-1] == STEP_LINE.format(step="mkdocs build --strict")
    assert snapshot(finished) == before
    assert not list(finished.glob("reportsite-*")), "the staging folder was left behind"


def test_a_template_that_does_not_parse_leaves_everything_as_it_was(finished):
    before = snapshot(finished)
    template = finished / "generator" / "templates" / "source.md.j2"
    _append(template, "{% if lines %}\n")
    line = template.read_text(encoding="utf-8").count("\n")
    result = build_in(finished)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"error: generator/templates/source.md.j2:{line}: template error: Unexpected end of template. "
        f"Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that "
        f"needs to be closed is 'if'.",
        STEP_LINE.format(step="render")]
    assert snapshot(finished) == before


def test_a_broken_catalog_leaves_everything_as_it_was(finished):
    regions = finished / "data" / "regions.yaml"
    before = {k: v for k, v in snapshot(finished).items() if k != "data/regions.yaml"}
    _append(regions, "- id: [broken\n")
    line = regions.read_text(encoding="utf-8").count("\n")
    result = build_in(finished)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"error: data/regions.yaml:{line}: YAML syntax error: expected ',' or ']', but got '<stream end>' "
        f"(expected valid YAML, got the end of the file; while parsing a flow sequence that starts on line "
        f"{line})",
        STEP_LINE.format(step="generate")]
    assert {k: v for k, v in snapshot(finished).items() if k != "data/regions.yaml"} == before
