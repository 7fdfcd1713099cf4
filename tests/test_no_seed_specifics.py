"""The extractor is built from the genre's grammar, not from the seeds: no seed figure, seed file
name or seed-specific quoted phrase may appear in generator/ code (comments included)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TRUTH_DIR = ROOT.parent / "shared" / "seedtruth"
# Every module and template: the pages and the downloads must not carry a seed's figure either.
GENERATOR_CODE = sorted(p for p in (ROOT / "generator").rglob("*")
                        if p.is_file() and p.suffix in (".py", ".j2", ".html", ".js", ".css"))


def _significant(value) -> str:
    text = f"{float(value):.6f}".rstrip("0").rstrip(".").lstrip("-")
    return text


@cache
def forbidden_strings() -> frozenset[str]:
    if not TRUTH_DIR.is_dir():
        pytest.fail(f"reference labels missing: {TRUTH_DIR}")
    found: set[str] = set()
    for path in TRUTH_DIR.glob("*.truth.yaml"):
        for label in yaml.safe_load(path.read_text(encoding="utf-8")):
            text = _significant(label["value"])
            if len(text.replace(".", "").strip("0")) >= 4:
                found.add(text)
    for seed in (ROOT / "seeds").glob("*.txt"):
        found.add(seed.stem)
        found.add(seed.stem.split("_")[-1])
        # Slogans and proper names the seeds quote (“七比一看”) are specific to those places.
        for phrase in re.findall(r"“([^”]{4,12})”", seed.read_text(encoding="utf-8")):
            found.add(phrase)
    return frozenset(found)


def test_forbidden_list_is_meaningful():
    forbidden = forbidden_strings()
    assert any(re.fullmatch(r"\d+\.\d+", s) for s in forbidden)
    assert len(forbidden) > 100


@pytest.mark.parametrize("path", GENERATOR_CODE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_seed_specifics_in_code(path):
    hits = _hits(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.name} mentions seed-specific text: {hits}"


def _hits(code: str) -> list[str]:
    hits = []
    for item in forbidden_strings():
        if re.fullmatch(r"(19|20)\d\d", item):
            continue  # a year (the synthetic corpus spans years) is not a figure of a seed
        if re.fullmatch(r"[\d.]+", item):
            if re.search(rf"(?<![\d.]){re.escape(item)}(?![\d])", code):
                hits.append(item)
        elif item in code:
            hits.append(item)
    return sorted(hits)

