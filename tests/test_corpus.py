"""Synthetic reports in the genre (tests/corpus): extraction of the clean text gives the hand-checked
figures, and PDF artifacts applied on purpose (doubled runs, spaced CJK, fullwidth digits, GB18030
encoding) do not change a single figure."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from generator.extract import extract_file

CORPUS = Path(__file__).resolve().parent / "corpus"
REPORTS = sorted(p.stem for p in CORPUS.glob("*.txt"))
FIELDS = ("name_zh", "kind", "role", "measure", "value", "unit", "unit_class", "qualifier", "period")

_RUNS = re.compile(r"\d+|[\u3400-\u9fff]+|[A-Za-z]+|\s+|.")
_FULLWIDTH = str.maketrans("0123456789%.", "０１２３４５６７８９％．")


def double_runs(line: str, rng: random.Random) -> str:
    """Every run written twice, as a PDF with shadowed glyphs does: digit runs whole or per digit
    (77..22%%), CJK runs in chunks of uneven length, punctuation per character."""
    out = []
    for run in _RUNS.findall(line):
        if run.isspace():
            out.append(run)
        elif run.isdigit() and len(run) <= 2 and rng.random() < 0.5:
            out.append("".join(ch * 2 for ch in run))
        elif re.fullmatch(r"[\u3400-\u9fff]+", run):
            i = 0
            while i < len(run):
                size = rng.randint(2, 7)
                out.append(run[i:i + size] * 2)
                i += size
        else:
            out.append(run * 2)
    return "".join(out)


def space_cjk(line: str) -> str:
    return re.sub(r"(?<=[\u3400-\u9fff])(?=[\u3400-\u9fff])", " ", line)


def fullwidth(line: str) -> str:
    return line.translate(_FULLWIDTH)


def with_artifacts(text: str, seed: int) -> str:
    """A copy of the report with artifacts on most lines; table rows keep their cells intact."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        choice = rng.random()
        if "\t" in line or not line.strip():
            out.append(line)
        elif choice < 0.35:
            out.append(double_runs(line, rng))
        elif choice < 0.6:
            out.append(space_cjk(line))
        elif choice < 0.8:
            out.append(fullwidth(line))
        else:
            out.append(line)
    return "\n".join(out)


def _rows(figures) -> list[tuple]:
    return sorted((f.line, *(getattr(f, k) for k in FIELDS)) for f in figures)


def _expected(stem: str) -> tuple[dict, list[tuple]]:
    data = yaml.safe_load((CORPUS / f"{stem}.expected.yaml").read_text(encoding="utf-8"))
    rows = sorted((f["line"], *(float(f[k]) if k == "value" else str(f[k]) if k == "period" else f[k]
                                for k in FIELDS)) for f in data["figures"])
    return data["meta"], rows


@pytest.mark.parametrize("stem", REPORTS)
def test_clean_text_gives_expected_figures(stem):
    meta, expected = _expected(stem)
    inferred, cleaned, figures = extract_file(CORPUS / f"{stem}.txt")
    assert {k: inferred.get(k) for k in meta} == meta  # the text states its own year, period and kind
    assert _rows(figures) == expected
    assert all(f.quote and f.quote in cleaned.lines[f.line - 1] for f in figures)


@pytest.mark.parametrize("stem", REPORTS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_artifacts_do_not_change_figures(stem, seed, tmp_path):
    meta, expected = _expected(stem)
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    damaged = with_artifacts(text, seed)
    assert damaged != text
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(damaged.encode("gb18030"))
    _, cleaned, figures = extract_file(path, meta)
    assert cleaned.corrections, "the artifacts were undone by recorded corrections"
    assert _rows(figures) == expected


def test_artifact_helpers_do_damage():
    rng = random.Random(0)
    assert double_runs("增长7.2%", rng) != "增长7.2%"
    assert space_cjk("深入开展") == "深 入 开 展"
    assert fullwidth("12.5%") == "１２．５％"
