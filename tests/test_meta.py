"""infer_meta: only what the text states reliably."""

from __future__ import annotations

from generator.clean import clean
from generator.meta import infer_meta
from generator.model import SourceText

REGIONS = [
    {"id": "china", "name_zh": "全国", "aliases": ["中国"]},
    {"id": "quanzhou", "name_zh": "泉州市", "aliases": ["泉州"]},
    {"id": "licheng", "name_zh": "鲤城区", "aliases": ["鲤城"]},
]


def meta_of(text: str) -> dict:
    lines = text.strip("\n").split("\n")
    return infer_meta(clean(SourceText("t.txt", "utf-8", lines), REGIONS), REGIONS)


def test_plan_execution_report():
    meta = meta_of(
        "关于泉州市鲤城区2025年上半年国民经济和社会发展计划执行情况的报告\n"
        "——2025年7月在泉州市鲤城区人民代表大会常务委员会\n第十次会议上\n"
        "鲤城区发展和改革局\n上半年，鲤城区地区生产总值增长6%。鲤城区工业增长。\n"
    )
    assert meta == {
        "kind": "plan_execution", "region": "licheng", "year": 2025, "period": "2025H1",
        "title_zh": "关于泉州市鲤城区2025年上半年国民经济和社会发展计划执行情况的报告", "date": "2025-07",
    }


def test_work_report_year_is_the_target_year():
    meta = meta_of(
        "政府工作报告\n"
        "2月3日，市长在泉州市第十八届人民代表大会第五次会议上作政府工作报告。\n"
        "2025年，全市地区生产总值增长5.8%。泉州全市上下团结奋斗。\n"
        "2026年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"
    )
    assert meta["kind"] == "work_report" and meta["year"] == 2026 and meta["period"] == "2026"
    assert meta["region"] == "quanzhou" and meta["title_zh"] == "政府工作报告"


def test_nothing_stated_nothing_returned():
    assert meta_of("今天天气很好。\n") == {}


def test_seed_meta_agrees_with_reports_yaml():
    """Whatever the text states about itself matches the hand-written metadata of the seeds."""
    from pathlib import Path

    import yaml

    from generator.read import read_report

    root = Path(__file__).resolve().parents[1]
    known = yaml.safe_load((root / "seeds" / "reports.yaml").read_text(encoding="utf-8"))
    regions = yaml.safe_load((root / "data" / "regions.yaml").read_text(encoding="utf-8"))
    for name, expected in known.items():
        inferred = infer_meta(clean(read_report(root / "seeds" / name), regions), regions)
        assert {"kind", "year", "period", "region"} <= set(inferred), name
        for key, value in inferred.items():
            assert str(value) == str(expected[key]), (name, key, value, expected.get(key))


# The frame of reports nobody here has seen: never refused, each field with its evidence.

def _frame(text: str, **overrides):
    import tempfile
    from pathlib import Path

    from generator.extract import extract_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_text(text, encoding="utf-8")
        return extract_file(path, overrides=overrides, regions=REGIONS)


def test_web_page_chrome_is_skipped_and_the_title_found_below_it():
    meta, _clean, _figures = _frame(
        "首页 > 政务公开 > 规划计划\n来源：区发改局 时间：2024-02-20 阅读次数：123\n"
        "关于某区2023年国民经济和社会发展计划执行情况\n与2024年计划草案的报告\n"
        "各位代表：\n受区人民政府委托，现将计划执行情况报告如下。\n"
        "一、2023年计划执行情况\n全区地区生产总值增长5.2%。\n"
        "二、2024年经济社会发展主要目标\n地区生产总值增长5.5%左右。\n")
    assert meta["kind"] == "plan_execution" and meta["period"] == "2023"
    assert "title" in meta["basis"]["year"] and meta["warnings"][0].startswith("region:")


def test_session_line_sets_a_work_reports_year():
    meta, _clean, figures = _frame(
        "政 府 工 作 报 告\n——2023年1月13日在某县第十八届人民代表大会第二次会议上\n各位代表：\n"
        "现在，我代表县人民政府向大会作工作报告。\n一、2022年工作回顾\n全县地区生产总值增长4.1%。\n"
        "二、2023年工作安排\n全县地区生产总值增长6%左右。\n")
    assert (meta["kind"], meta["year"], meta["period"]) == ("work_report", 2023, "2023")
    assert "delivered 2023-01" in meta["basis"]["year"] or "title" in meta["basis"]["year"]
    review, target = figures
    assert (review.kind, review.period, target.kind, target.period) == ("actual", "2022", "target", "2023")
    assert "2022年工作回顾" in review.basis and "2023年工作安排" in target.basis


def test_a_text_that_names_no_kind_is_read_with_a_warning():
    meta, _clean, figures = _frame("2024年，全县地区生产总值增长5%。\n")
    assert meta["kind"] == "work_report" and meta["year"] == 2024
    assert any(w.startswith("kind: guessed work_report") for w in meta["warnings"])
    assert [f.value for f in figures] == [5.0]


def test_given_metadata_overrides_the_text():
    meta, _clean, figures = _frame("政府工作报告\n2022年地区生产总值增长5%。\n", year=2023, kind="work_report")
    assert meta["year"] == 2023 and meta["basis"]["year"] == "given"


def test_estimate_note_covers_the_rest_of_its_section():
    _meta, _clean, figures = _frame(
        "关于2023年国民经济和社会发展计划执行情况的报告\n一、2023年计划执行情况\n（预计数，下同）\n"
        "全市地区生产总值增长5%。\n\n规模以上工业增加值增长6%。\n二、存在的问题\n固定资产投资增长3%。\n")
    kinds = [(f.name_zh, f.kind) for f in figures]
    assert kinds == [("地区生产总值", "estimate"), ("规模以上工业增加值", "estimate"), ("固定资产投资", "actual")]
    assert "预计数，下同" in figures[1].basis


def test_a_review_delivered_before_its_year_ended_gives_estimates():
    _meta, _clean, figures = _frame(
        "关于2025年预算执行情况与2026年预算草案的报告\n——2025年12月27日在某市第九届人民代表大会第六次会议上\n"
        "一、2025年预算执行情况\n全市一般公共预算收入207亿元，增长3.2%。\n")
    assert {(f.kind, f.period) for f in figures} == {("estimate", "2025")}
    assert "before 2025 ended" in figures[0].basis
