"""Targets against outcomes across consecutive reports of one place: how many of the hand-labelled
pairs (tests/realcorpus/*.pairs.yaml) the scorecard links, and with what verdict.

    python tests/realcorpus_pairs.py PROJECT   # a project built with the pairs' reports in seeds/
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "realcorpus"
STATUS = {"met": {"met", "exceeded", "on_track"}, "missed": {"missed", "behind", "not_met"}}


def pairs() -> list[dict]:
    out = []
    for path in sorted(CORPUS.glob("*.pairs.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.extend(data.get("pairs", data) if isinstance(data, dict) else data)
    return out


def reports_of_pairs() -> list[str]:
    return sorted({p[key] for p in pairs() for key in ("target_report", "outcome_report")})


def _close(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return False


def measure(project: Path) -> dict:
    """{pairs, linked, right, misses}: a pair is linked when a scorecard row has its target (report, line,
    value) and its outcome (report, value); right when the row's status agrees with the verdict."""
    ids = {}
    for path in (project / "data" / "reports").glob("*.yaml"):
        report = yaml.safe_load(path.read_text(encoding="utf-8"))["report"]
        ids[Path(report["source"]).stem] = report["id"]
    with open(project / "docs" / "data" / "scorecard.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    linked = right = 0
    misses = []
    for pair in pairs():
        target_id, outcome_id = ids.get(pair["target_report"]), ids.get(pair["outcome_report"])
        row = next((r for r in rows if r["target_report"] == target_id and _close(r["target"], pair["target_value"])
                    and r["outcome_report"] == outcome_id and _close(r["outcome"], pair["outcome_value"])), None)
        if row is None:
            misses.append(f"{pair['name_zh_target']} {pair['target_value']} -> {pair['outcome_value']}")
            continue
        linked += 1
        right += row["status"] in STATUS[pair["verdict"]]
    return {"pairs": len(pairs()), "linked": linked, "right": right, "misses": misses}


if __name__ == "__main__":
    print(measure(Path(sys.argv[1])))
