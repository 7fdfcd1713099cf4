"""Extraction on the three seed reports against the hand-checked labels in shared/seedtruth.

A label is found when an extracted figure on the same raw line (±1) has the same value, the
same measure and unit class, and a matching name: containment after normalisation, or a shared
run of at least half the shorter name, or 60% of the shorter name's characters in common (labels
name figures descriptively: 安商房建设面积 for 建设安商房面积32.5万平方米), or both names are
aliases of one catalog indicator (GDP, 地区生产总值).
It is fully right when kind/role, period and qualifier agree too. Each figure matches one label.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.extract import extract_file
from generator.indicators import IndicatorMatcher, load_indicators

ROOT = Path(__file__).resolve().parents[1]
TRUTH_DIR = ROOT.parent / "shared" / "seedtruth"
SEEDS = ROOT / "seeds"

FOUND_BAR = 0.90
RIGHT_BAR = 0.80

# Reference vocabulary -> ours (see shared/seedtruth/README.md).
_KIND = {
    "result": ("actual", "result"), "completion": ("actual", "completion"),
    "plan_total": ("target", "plan_total"), "estimate": ("estimate", "estimate"),
    "target": ("target", "target"),
}
_PCT_MEASURE = {"pct_growth": "growth_pct", "pct_completion": "completion_pct", "pct_share": "share_pct",
                "pct_level": "level"}
_QUALIFIER = {"above": "at_least", "below": "at_most", "about": "about", None: None}


def truth_files() -> list[Path]:
    if not TRUTH_DIR.is_dir():
        pytest.fail(f"reference labels missing: {TRUTH_DIR} (CI checks out shared/ beside the repo)")
    files = sorted(TRUTH_DIR.glob("*.truth.yaml"))
    if not files:
        pytest.fail(f"no *.truth.yaml in {TRUTH_DIR}")
    return files


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"[\s“”\"'‘’《》、，,（）()·\-—:：&]", "", text)
    text = re.sub(r"^(?:全区|全市|全县|全省|全国)", "", text)
    return re.sub(r"完成|实现|累计|预计|规模以上|规上", lambda m: "规模" if m.group() in ("规模以上", "规上") else "",
                  text)


def _longest_common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


_MATCHER = IndicatorMatcher(load_indicators())


def names_match(label: str, extracted: str) -> bool:
    a, b = normalise(label), normalise(extracted)
    if not a or not b:
        return False
    same_indicator = _MATCHER.match(label)
    if same_indicator and same_indicator == _MATCHER.match(extracted):
        return True  # GDP / 地区生产总值: two names of one catalog indicator
    if a in b or b in a:
        return True
    if _longest_common_run(a, b) >= max(2, (min(len(a), len(b)) + 1) // 2):
        return True
    # 安商房建设面积 / 建设安商房面积: the same words in another order.
    shared = sum(min(a.count(ch), b.count(ch)) for ch in set(a))
    return shared >= 0.6 * min(len(a), len(b)) and shared >= 3


def expected(label: dict) -> dict:
    kind, role = _KIND[label["kind"]]
    unit = label["unit"]
    measure = _PCT_MEASURE.get(unit, "level")
    return {
        "kind": kind, "role": role, "measure": measure, "unit_class": unit,
        "qualifier": _QUALIFIER[label.get("qualifier")], "period": str(label["period"]),
        "value": float(label["value"]), "line": int(label["line"]), "name": label["name_zh"],
    }


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def match_labels(labels: list[dict], figures: list) -> list[tuple[dict, object | None, bool]]:
    """[(label, figure or None, fully right)], each figure used at most once; exact matches first."""
    used: set[int] = set()
    results: list[tuple[dict, object | None, bool]] = []
    wanted = [expected(label) for label in labels]

    def candidates(want: dict):
        for idx, fig in enumerate(figures):
            if idx in used or abs(fig.line - want["line"]) > 1 or not _same_value(fig.value, want["value"]):
                continue
            if fig.measure != want["measure"] or fig.unit_class != want["unit_class"]:
                continue
            if not names_match(want["name"], fig.name_zh):
                continue
            right = (fig.kind, fig.role, fig.period, fig.qualifier) == (
                want["kind"], want["role"], want["period"], want["qualifier"])
            yield idx, fig, right

    matched: dict[int, tuple[object, bool]] = {}
    for pass_right in (True, False):  # fully right pairings first, so near-misses don't steal them
        for li, want in enumerate(wanted):
            if li in matched:
                continue
            for idx, fig, right in candidates(want):
                if right or not pass_right:
                    used.add(idx)
                    matched[li] = (fig, right)
                    break
    for li, label in enumerate(labels):
        fig, right = matched.get(li, (None, False))
        results.append((label, fig, right))
    return results


def run_report(stem: str) -> tuple[list, list, list[str]]:
    overrides = yaml.safe_load((SEEDS / "reports.yaml").read_text(encoding="utf-8"))
    seed = next(SEEDS.glob(f"{stem}_*.txt"))
    meta, cleaned, figures = extract_file(seed, overrides.get(seed.name, {}))
    labels = yaml.safe_load((TRUTH_DIR / f"{stem}.truth.yaml").read_text(encoding="utf-8"))
    return match_labels(labels, figures), figures, cleaned.lines


def test_seed_recall(capsys):
    total = found = right = 0
    report_lines = []
    untraceable = []
    for path in truth_files():
        stem = path.name.split(".")[0]
        results, figures, lines = run_report(stem)
        # Every quote is cleaned text of the line the figure gives, so a reader can find it.
        untraceable += [(stem, f.line, f.quote) for f in figures if f.quote not in lines[f.line - 1]]
        n = len(results)
        f = sum(1 for _, fig, _ in results if fig is not None)
        r = sum(1 for _, _, ok in results if ok)
        matched_ids = {id(fig) for _, fig, _ in results if fig is not None}
        unmatched = [fig for fig in figures if id(fig) not in matched_ids]
        total, found, right = total + n, found + f, right + r
        report_lines.append(
            f"{stem}: {n} labels, found {f} ({f / n:.1%}), fully right {r} ({r / n:.1%}); "
            f"{len(figures)} figures extracted, {len(unmatched)} match no label"
        )
        for label, fig, ok in results:
            if fig is None:
                report_lines.append(f"    missed  L{label['line']} {label['name_zh']} {label['value']} "
                                    f"{label['unit']} {label['kind']} {label['period']} | {label['quote']}")
            elif not ok:
                report_lines.append(
                    f"    partial L{label['line']} {label['name_zh']} {label['value']}: want {label['kind']} "
                    f"{label['period']} {label.get('qualifier')}; got {fig.role} {fig.period} {fig.qualifier}")
        for fig in unmatched:
            report_lines.append(f"    extra   L{fig.line} {fig.name_zh} {fig.value} {fig.unit} {fig.role} "
                                f"{fig.period} | {fig.quote}")
    report_lines.append(f"TOTAL: {total} labels, found {found / total:.1%}, fully right {right / total:.1%}")
    # The full list (misses, partial matches, figures matching no label) is for the lead to read.
    details = Path(tempfile.gettempdir()) / "reportsite-seedtruth-report.txt"
    details.write_text("\n".join(report_lines) + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + "\n".join(line for line in report_lines if not line.startswith("    ")))
        print(f"details: {details}")
    assert not untraceable, f"quotes not found on their cleaned line: {untraceable}"
    assert found / total >= FOUND_BAR, f"found {found}/{total} labels, below {FOUND_BAR:.0%}"
    assert right / total >= RIGHT_BAR, f"fully right {right}/{total}, below {RIGHT_BAR:.0%}"
