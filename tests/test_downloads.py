"""Downloads in the built site: every figure, the scorecard, one CSV per report, read back."""

from __future__ import annotations

import csv
import io
import json
import re

from generator.downloads import FIGURE_COLUMNS, README, SCORECARD_COLUMNS, number

H1_REPORT = "xiangcheng-2024h1-plan-execution"
WORK_2023 = "xiangcheng-2023-work-report"
SEED_REPORTS = (WORK_2023, "zhangzhou-2022-work-report", H1_REPORT)


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: expected a UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_all_csv_has_every_figure_with_its_source(built, site_dir):
    _project, generated = built
    rows = read_csv(site_dir / "data" / "all.csv")
    assert list(rows[0]) == list(FIGURE_COLUMNS)
    assert len(rows) == sum(len(r["figures"]) for r in generated.records)
    gdp = [r for r in rows if r["report_id"] == H1_REPORT and r["indicator_id"] == "gdp" and r["period"] == "2024H1"
           and r["measure"] == "level"]
    assert {r["value"] for r in gdp} == {"481.35"}
    row = gdp[0]
    assert (row["region_id"], row["region_zh"], row["region_en"]) == ("xiangcheng", "芗城区", "Xiangcheng District")
    assert (row["indicator_zh"], row["kind"], row["unit"]) == ("地区生产总值", "actual", "亿元")
    assert row["source_file"] == "seeds/004_f03464d581d09cc0.txt"
    assert "481.35" in row["quote"]
    assert row["source_page"] == f"sources/{H1_REPORT}/#L{row['line']}"
    estimate = [r for r in rows if r["report_id"] == WORK_2023 and r["indicator_id"] == "gdp" and r["period"] == "2022"
                and r["measure"] == "level"]
    assert [(r["value"], r["kind"]) for r in estimate] == [("867", "estimate")]
    negative = [r for r in rows if r["indicator_id"] == "imports-exports" and r["period"] == "2024H1"
                and r["measure"] == "growth_pct"]
    assert negative and {r["value"] for r in negative} == {"-4.03"}


def test_all_json_matches_all_csv(site_dir):
    payload = json.loads((site_dir / "data" / "all.json").read_text(encoding="utf-8"))
    rows = read_csv(site_dir / "data" / "all.csv")
    assert len(payload["figures"]) == len(rows)
    for from_json, from_csv in zip(payload["figures"], rows, strict=True):
        assert number(from_json["value"]) == from_csv["value"]
        assert (from_json["report_id"], from_json["line"], from_json["quote"]) == (
            from_csv["report_id"], int(from_csv["line"]), from_csv["quote"])
    assert {"id": "gdp", "name_zh": "地区生产总值"}.items() <= next(
        i for i in payload["indicators"] if i["id"] == "gdp").items()


def _scorecard(site_dir, region, indicator, period) -> list[dict]:
    rows = read_csv(site_dir / "data" / "scorecard.csv")
    assert list(rows[0]) == list(SCORECARD_COLUMNS)
    return [r for r in rows if (r["region_id"], r["indicator_id"], r["period"]) == (region, indicator, period)]


def test_scorecard_csv_carries_the_seed_statuses(site_dir):
    missed = [r for r in _scorecard(site_dir, "xiangcheng", "industrial-value-added", "2023") if r["latest"] == "yes"]
    assert [(r["target"], r["outcome"], r["status"], r["target_report"], r["outcome_report"]) for r in missed] == [
        ("9.7", "1", "missed", WORK_2023, H1_REPORT)]
    trade = {r["target_measure"]: r for r in _scorecard(site_dir, "xiangcheng", "imports-exports", "2024")
             if r["latest"] == "yes"}
    assert (trade["growth_pct"]["target"], trade["growth_pct"]["outcome"], trade["growth_pct"]["status"]) == (
        "4.3", "-4.03", "behind")
    assert (trade["level"]["completion_pct"], trade["level"]["status"]) == ("47.29", "behind")
    gdp = {r["target_measure"]: r for r in _scorecard(site_dir, "xiangcheng", "gdp", "2024") if r["latest"] == "yes"}
    assert (gdp["growth_pct"]["outcome"], gdp["growth_pct"]["status"]) == ("9.1", "on_track")
    assert (gdp["level"]["target"], gdp["level"]["completion_pct"], gdp["level"]["status"]) == (
        "936.49", "51.4", "on_track")
    zhangzhou = _scorecard(site_dir, "zhangzhou", "gdp", "2022")
    assert zhangzhou and {r["status"] for r in zhangzhou} == {"pending"}
    statuses = {r["status"] for r in read_csv(site_dir / "data" / "scorecard.csv")}
    assert statuses <= {"met", "missed", "on_track", "behind", "pending", "not_comparable"}


def test_one_csv_per_report(built, site_dir):
    _project, generated = built
    for record in generated.records:
        rid = record["report"]["id"]
        rows = read_csv(site_dir / "data" / "reports" / f"{rid}.csv")
        assert len(rows) == len(record["figures"]) and {r["report_id"] for r in rows} == {rid}


def test_readme_explains_every_column(site_dir):
    text = (site_dir / "data" / "README.txt").read_text(encoding="utf-8")
    assert text == README
    for column in FIGURE_COLUMNS + SCORECARD_COLUMNS:
        assert re.search(rf"\b{column}\b", text), f"README.txt does not explain {column}"
    assert "cite" in text.lower() and "引用" in text


def test_data_page_and_report_pages_link_the_downloads(site_dir):
    for prefix in ("", "en/"):
        document = (site_dir / prefix / "data" / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+\.(?:csv|json|txt))"', document)
        base = site_dir / prefix / "data"
        resolved = {(base / link).resolve().relative_to(site_dir.resolve()).as_posix() for link in links}
        expected = {"data/all.csv", "data/all.json", "data/scorecard.csv", "data/README.txt"}
        expected |= {f"data/reports/{rid}.csv" for rid in SEED_REPORTS}
        assert expected <= resolved
        for rid in SEED_REPORTS:
            report_page = site_dir / prefix / "reports" / rid
            html_text = (report_page / "index.html").read_text(encoding="utf-8")
            link = re.search(rf'href="([^"]*data/reports/{rid}\.csv)"', html_text)
            assert link and (report_page / link.group(1)).resolve().is_file()


def test_downloads_stay_out_of_the_navigation(site_dir):
    document = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "README.txt" not in document and "all.csv" not in document.split("md-content", 1)[0]
