"""Shortcuts taken for speed give what the plain regular expressions and loops they replace give."""

from __future__ import annotations

import random
import re
from pathlib import Path

from generator import clean, phrases
from generator.numbers import QUANTITY

ROOT = Path(__file__).resolve().parents[1]


def test_trail_width_bounds_every_trailing_word():
    # re._parser is the standard library's own parser (private, but stable since 3.11): its widest match.
    assert re._parser.parse(phrases._TRAIL.pattern).getwidth()[1] <= phrases._TRAIL_WIDTH


def test_strip_trail_matches_the_whole_string_substitution():
    rng = random.Random(7)
    pieces = ["新", "增加", "增长", "同口径增长", "比上年增长", "的", "了", "约", "达", "为", "\n", " ", "\u3000",
              "规模以上工业", "地区生产总值", "a", "1", "到", "至", "降低到"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert phrases._strip_trail(text) == phrases._TRAIL.sub("", text), text


def test_spacing_shortcut_matches_the_regular_expression():
    rng = random.Random(3)
    pieces = ["增", "长", "，", " ", "  ", "\u3000", "\u00a0", "a", "1", "%", "\t", "（"]
    for _ in range(5000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert clean._spacing(line) == clean._CJK_SPACE.sub("", line).strip(" \u3000\u00a0"), line


def test_words_in_finds_every_word_that_occurs():
    rng = random.Random(11)
    alphabet = "东山云霄鼓楼区县市aab"
    for _ in range(3000):
        words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 6))}
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        present = clean.words_in(text, words)
        assert {w for w in words if w in text} <= present <= words, (words, text)


def test_place_name_candidates_match_the_pattern():
    rng = random.Random(13)
    names = ["鼓楼区", "东山县", "云霄县", "东东区", "芗城区", "龙海市"]
    for _ in range(20000):
        name = rng.choice(names)
        alphabet = list(set(name)) + ["鼔", "a", "，", "\n", "区", "县", "\uf901", "\u3400", "東"]
        text = "".join(rng.choice(alphabet) if rng.random() < 0.7 else rng.choice([name[:-1], name])
                       for _ in range(rng.randint(0, 30)))
        expected = clean.PlaceNameFixer._pattern(name).findall(text)
        assert clean.PlaceNameFixer._candidates(name, text) == expected, (name, text)


def test_quantity_lookahead_changes_no_match():
    # QUANTITY starts with (?=[-−\d]) only to skip positions fast: without it, the same matches.
    plain = re.compile(QUANTITY.pattern.removeprefix(r"(?=[-−\d])"))
    assert plain.pattern != QUANTITY.pattern
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert [m.groupdict() for m in QUANTITY.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


def test_delimiters_find_the_last_delimiter_in_the_window():
    from generator import extract

    def reference(positions: list[int], end: int) -> int:
        before = [p for p in positions if p < end]
        return max(before[-1] if before else -1, end - extract._WINDOW - 1) + 1

    rng = random.Random(2)
    for _ in range(100):
        text = "".join(rng.choice("增，。；\n、：!?") if rng.random() < 0.5 else "x" * rng.randint(1, 200)
                       for _ in range(rng.randint(0, 40)))
        clauses = [i for i, ch in enumerate(text) if ch in phrases.CLAUSE_DELIMS]
        sentences = [i for i, ch in enumerate(text) if ch in phrases.SENTENCE_DELIMS]
        found = extract._Delimiters(text)
        for end in range(len(text) + 1):
            assert found.clause_start(end) == reference(clauses, end)
            assert found.sentence_start(end) == reference(sentences, end)
