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
