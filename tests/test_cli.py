"""The command line as analysts and MkDocs users call it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, copy_project

SEED = ROOT / "seeds" / "004_f03464d581d09cc0.txt"
CONTRACT = {"name_zh", "indicator", "kind", "measure", "value", "unit", "qualifier", "period", "line", "quote"}


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)


def test_extract_json_follows_the_contract():
    result = run("extract", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["report"]["id"] == "xiangcheng-2024h1-plan-execution"
    assert payload["report"]["period"] == "2024H1"
    figures = payload["figures"]
    assert figures and all(CONTRACT <= set(f) for f in figures)
    gdp = [f for f in figures if f["indicator"] == "gdp" and f["period"] == "2024H1" and f["line"] == 18]
    assert {(f["measure"], f["value"]) for f in gdp} >= {("level", 481.35), ("completion_pct", 51.4),
                                                        ("growth_pct", 9.1)}
    assert all(f["kind"] in ("target", "actual", "estimate") for f in figures)


def test_extract_yaml_and_csv_give_the_same_figures():
    as_json = json.loads(run("extract", str(SEED)).stdout)["figures"]
    as_yaml = yaml.safe_load(run("extract", str(SEED), "--format", "yaml").stdout)["figures"]
    rows = list(csv.DictReader(io.StringIO(run("extract", str(SEED), "--format", "csv").stdout)))
    assert len(as_json) == len(as_yaml) == len(rows)
    assert [f["value"] for f in as_json] == [f["value"] for f in as_yaml]
    assert [str(f["line"]) for f in as_json] == [r["line"] for r in rows]


def test_extract_of_a_missing_file_is_one_line():
    result = run("extract", "no/such/report.txt")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no/such/report.txt" in result.stderr


def test_check_passes_on_a_fresh_build(built):
    project, _ = built
    result = run("--root", str(project.root), "check")
    assert result.returncode == 0, result.stderr
    assert "3 reports" in result.stdout


def test_plain_mkdocs_build_regenerates_pages_from_seeds(tmp_path):
    """MkDocs users type `mkdocs build`: the hook in mkdocs.yml generates docs/ from seeds/ first."""
    root = copy_project(tmp_path)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = root / "site" / "reports" / "xiangcheng-2024h1-plan-execution" / "index.html"
    assert "481.35" in report.read_text(encoding="utf-8")
    assert (root / "site" / "en" / "reports" / "xiangcheng-2024h1-plan-execution" / "index.html").exists()
    assert (root / "data" / "reports" / "xiangcheng-2024h1-plan-execution.yaml").exists()
