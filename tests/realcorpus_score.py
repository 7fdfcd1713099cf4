"""Score extraction on the real-report corpus (tests/realcorpus) with the shared scorer.

Each report is extracted as a new user would run it: `extract FILE` with no metadata. The scorer is
../shared/tools/score_extract.py, the one held-out reports are measured with.

    python tests/realcorpus_score.py            # the table: found, fully right, per report
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "realcorpus"
SCORER = ROOT.parent / "shared" / "tools" / "score_extract.py"


def scorer():
    spec = importlib.util.spec_from_file_location("score_extract", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled() -> list[str]:
    return sorted(p.name[:-len(".truth.yaml")] for p in CORPUS.glob("*.truth.yaml")
                  if (CORPUS / (p.name[:-len(".truth.yaml")] + ".txt")).exists())


def extract_json(path: Path, *extra: str) -> dict:
    """`python -m generator extract FILE --format json` in process; its output parsed."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(ROOT), "extract", str(path), "--format", "json", *extra])
    if code != 0:
        return {"figures": [], "error": err.getvalue().strip()}
    data = json.loads(out.getvalue())
    data["warnings"] = [line for line in err.getvalue().splitlines() if line.startswith("warning:")]
    return data


def score_report(rid: str, module=None) -> dict:
    module = module or scorer()
    truth = yaml.safe_load((CORPUS / f"{rid}.truth.yaml").read_text(encoding="utf-8"))
    if isinstance(truth, dict):
        truth = truth.get("items") or []
    data = extract_json(CORPUS / f"{rid}.txt")
    result = module.score(truth, data["figures"])
    result["report"] = data.get("report", {})
    result["error"] = data.get("error")
    return result


def table() -> list[dict]:
    module = scorer()
    rows = []
    for rid in labelled():
        result = score_report(rid, module)
        rows.append({"id": rid, "truth": result["truth"], "found": result["found"], "exact": result["exact"],
                     "error": result["error"], "misses": result["misses"]})
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    rows = table()
    total = {"truth": 0, "found": 0, "exact": 0}
    print(f"{'report':45} {'labels':>6} {'found':>7} {'right':>7}")
    for row in rows:
        for key in total:
            total[key] += row[key]
        n = max(row["truth"], 1)
        print(f"{row['id']:45} {row['truth']:6} {row['found'] / n:7.1%} {row['exact'] / n:7.1%}"
              + (f"  ERROR {row['error']}" if row["error"] else ""))
    n = max(total["truth"], 1)
    print(f"{'TOTAL':45} {total['truth']:6} {total['found'] / n:7.1%} {total['exact'] / n:7.1%}")
    if "-v" in sys.argv:
        for row in rows:
            print(row["id"], row["misses"])
