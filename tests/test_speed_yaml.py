"""yamlio's direct writer gives the bytes libyaml's emitter gives, or steps aside (returns None)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator import yamlio

ROOT = Path(__file__).resolve().parents[1]

# Characters that decide a scalar's style: YAML indicators, spaces, breaks, escapes, CJK, astral.
_ALPHABET = list("abcXYZ019.-+_/%#:,?[]{}&*!|>'\"@`~=<() \t\n\r") + [
    "\u3000", "\u00a0", "\u0085", "\u2028", "\ufeff", "\ufffd", "\U00020000", "\x07", "\x7f",
    "增", "长", "，", "。", "：", "％", "“", "”", "—", "…", "（", "）",
]
_WORDS = ["", "null", "Null", "~", "true", "no", "On", "12", "-5", "0x1F", "1_000", "1.5", ".5", "1e3", ".inf",
          "<<", "=", "---", "...", "2024-01-02", "12:30", "- a", "? a", "a: b", "a #b", "a:", "增长7.2%左右"]


def _string(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(_WORDS)
    # Mostly text of one or two odd characters among ordinary ones, as in reports.
    ordinary = "增长地区生产总值abc123.%（）　"
    return "".join(rng.choice(_ALPHABET) if rng.random() < 0.15 else rng.choice(ordinary)
                   for _ in range(rng.randint(1, 12)))


def _scalar(rng: random.Random):
    kind = rng.random()
    if kind < 0.6:
        return _string(rng)
    if kind < 0.7:
        return rng.randint(-10**6, 10**6)
    if kind < 0.85:
        return rng.choice([0.0, -0.0, 1.5, -2.25, 1e20, 1e-5, 123456789.125, float("inf"), float("-inf"),
                           rng.uniform(-1e4, 1e4)])
    return rng.choice([None, True, False])


def _key(rng: random.Random) -> str:
    return _string(rng) if rng.random() < 0.05 else rng.choice(["id", "name_zh", "value", "line", "quote", "k_2"])


def _value(rng: random.Random, depth: int):
    kind = rng.random()
    if depth < 2 and kind < 0.15:
        return {_key(rng): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    if depth < 2 and kind < 0.3:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return _scalar(rng)


@pytest.mark.parametrize("seed", range(40))
def test_direct_writer_matches_emitter(seed):
    rng = random.Random(seed)
    for _ in range(50):
        data = {_key(rng): _value(rng, 0) for _ in range(rng.randint(1, 6))}
        direct = yamlio._block_text(data)
        if direct is not None:
            assert direct == yamlio._emit(data), data


def test_record_shape_is_written_directly():
    figure = {"name_zh": "地区生产总值", "indicator": None, "value": 5.5, "unit": "%", "line": 3,
              "quote": "增长5.5%左右", "section": "一、2023年工作回顾"}
    record = {"report": {"id": "x-2024-work-report", "year": 2024, "date": None},
              "figures": [figure, dict(figure, value=-1)], "corrections": []}
    direct = yamlio._block_text(record)
    assert direct is not None
    assert direct == yamlio._emit(record)


def test_shared_object_goes_through_the_emitter():
    shared = {"a": 1}
    data = {"x": [shared, shared]}
    assert yamlio._block_text(data) is None
    assert "&id001" in yamlio.dump(data)


def test_seed_records_are_written_directly():
    # The three seeds' records, as the data stage builds them: the direct writer handles them all.
    from generator.catalogs import load_catalogs
    from generator.data import complete_meta, report_record
    from generator.extract import extract_file
    from generator.indicators import IndicatorMatcher

    catalogs = load_catalogs(ROOT / "data", ROOT)
    matcher = IndicatorMatcher(catalogs.indicators)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        meta, clean, figures = extract_file(path, regions=catalogs.regions, matcher=matcher)
        record = report_record(complete_meta(path.name, meta, {}, catalogs), figures, clean.corrections)
        direct = yamlio._block_text(record)
        assert direct is not None
        assert direct == yamlio._emit(record)
