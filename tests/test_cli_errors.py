"""The command line's errors in one style, and `--strict` turning warnings into failures.

Style: every problem is one line `error: file[:line]: what (expected X, got Y)` or `warning: ...`;
a failed build ends with the step it stopped at; no traceback, whatever the input.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project
from tests.test_bad_input import H1_REPORT, UNCHANGED, error_lines, run_cli

PROBLEM_LINE = re.compile(r"^(error|warning): [^\s:]+(:\d+)?: .+$")


def assert_one_style(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    odd = [line for line in lines if not PROBLEM_LINE.match(line) and not line.startswith("build failed at step ")]
    assert not odd, odd


@pytest.fixture
def checked_project(tmp_path, built) -> Path:
    """A copy of the project with the session build's data/reports, as `check` reads it."""
    first, _ = built
    root = copy_project(tmp_path / "project")
    shutil.copytree(first.reports_dir, root / "data" / "reports")
    return root


def test_check_passes_with_warnings_and_fails_with_strict(checked_project, capsys, monkeypatch):
    code, out, err = run_cli(checked_project, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warnings, "the seeds give warnings (unmapped names, translation gaps)"
    assert f"0 errors, {len(warnings)} warnings" in out
    assert_one_style(err)
    code, out, strict_err = run_cli(checked_project, "check", "--strict", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert [line for line in strict_err.splitlines() if line.startswith("warning: ")] == warnings


def test_build_strict_fails_on_the_warnings_a_normal_build_tolerates(built, tmp_path, capsys, monkeypatch):
    """The session build (not strict) succeeded with warnings; `build --strict` on the same inputs fails
    with each of those warnings as an error, and writes nothing."""
    _first, generated = built
    assert generated.warnings
    root = copy_project(tmp_path / "project")
    _publish_at(root, "https://tongji.xiangcheng.gov.cn/reports/")
    code, _out, err = run_cli(root, "build", "--strict", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: {p}" for p in generated.warnings]
    assert err.splitlines()[-1] == UNCHANGED.format(step="--strict (warnings are failures)")
    assert not (root / "site").exists() and not (root / "data" / "reports").exists()
    assert_one_style(err)


def _publish_at(root, url: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", text), encoding="utf-8")


@pytest.mark.parametrize("flag", ["--release", "--strict"])
def test_a_release_build_refuses_the_placeholder_site_url(tmp_path, capsys, monkeypatch, flag):
    root = copy_project(tmp_path / "project")
    code, _out, err = run_cli(root, "build", flag, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert err.strip() == ("error: mkdocs.yml: site_url is https://example.github.io/reportsite/, a placeholder; set "
                           "it to the address the site is published at before a release build (links and QR codes "
                           "use it)")
    assert not (root / "site").exists()


def test_a_missing_report_file_is_one_line(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "no-such-report.txt"
    code, out, err = run_cli(ROOT, "extract", str(missing), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"error: {missing}: ")
    assert_one_style(err)


def test_a_folder_without_a_project_is_one_line_per_problem(tmp_path, capsys, monkeypatch):
    (tmp_path / "data").mkdir()
    code, _out, err = run_cli(tmp_path, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err)[:2] == ["error: data/regions.yaml: file not found",
                                    "error: data/indicators.yaml: file not found"]
    assert_one_style(err)


def test_every_error_of_a_broken_project_is_in_one_style(checked_project, capsys, monkeypatch):
    report = checked_project / "data" / "reports" / f"{H1_REPORT}.yaml"
    text = report.read_text(encoding="utf-8")
    text = text.replace("  kind: plan_execution\n", "  kind: speech\n", 1)
    text = text.replace("  year: 2024\n", "  year: soon\n", 1)
    report.write_text(text, encoding="utf-8")
    (checked_project / "data" / "regions.yaml").write_text("just: a mapping\n", encoding="utf-8")
    code, _out, err = run_cli(checked_project, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert_one_style(err)
    assert "error: data/regions.yaml:1: not a list (expected a list of regions, got a mapping)" in err.splitlines()
    assert any(line.startswith(f"error: data/reports/{H1_REPORT}.yaml:") and "field 'kind' is not allowed "
               "(expected one of work_report, plan_execution, budget_report, other, got 'speech')" in line
               for line in err.splitlines())
    assert any("field 'year' has the wrong type (expected a whole number, got text 'soon')" in line
               for line in err.splitlines())


def test_a_wrong_command_line_exits_with_2(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    from generator.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["publish"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'publish'" in capsys.readouterr().err
