"""The reports' own arithmetic: plan totals, shares of plan, repeated figures; a wrong row shows up."""

from __future__ import annotations

import html
import re

import pytest

from generator import consistency
from generator.consistency import half_unit

H1_REPORT = "xiangcheng-2024h1-plan-execution"
H1_SEED = "004_f03464d581d09cc0.txt"


def fig(role, measure, value, period, line, quote=None, kind=None, unit="亿元", unit_class="yi_yuan", note=None,
        indicator="gdp", qualifier=None):
    if measure != "level":
        unit, unit_class = "%", "pct_growth" if measure == "growth_pct" else "pct_completion"
    kind = kind or ("target" if role in ("target", "plan_total") else "actual")
    return {"name_zh": "地区生产总值", "indicator": indicator, "kind": kind, "role": role, "measure": measure,
            "value": value, "unit": unit, "unit_class": unit_class, "qualifier": qualifier, "period": period,
            "line": line, "quote": quote if quote is not None else str(value), "note": note}


def record(*figures):
    return {"report": {"id": "r", "source": "seeds/r.txt", "region": "town", "period": "2024H1"},
            "figures": list(figures)}


def table_row(plan=936.49, completion=51.4, completion_quote="51.40", level=481.35, actual=872.78, growth=7.3):
    return record(fig("result", "level", actual, "2023", 165), fig("plan_total", "level", plan, "2024", 165),
                  fig("target", "growth_pct", growth, "2024", 165),
                  fig("result", "level", level, "2024H1", 165),
                  fig("completion", "completion_pct", completion, "2024H1", 165, quote=completion_quote))


def test_a_table_row_that_agrees_gives_no_note():
    assert consistency.check([table_row()]) == []


def test_plan_total_off_by_more_than_rounding():
    notes = consistency.check([table_row(plan=950.0, completion=50.67, completion_quote="50.67")])
    assert [n.check for n in notes] == ["plan_total"]
    note = notes[0]
    assert note.params["expected"] == "936.49" and note.params["stated"] == "950"
    assert note.line == 165
    problem = note.problem()
    assert problem.severity == "warning" and str(problem).startswith("seeds/r.txt:165: data note:")


def test_share_of_plan_off_by_more_than_rounding():
    notes = consistency.check([table_row(completion=52.4, completion_quote="52.40")])
    assert [n.check for n in notes] == ["completion"]
    assert notes[0].params["expected"] == "51.4"


def test_growth_printed_without_decimals_widens_the_tolerance():
    # 36.98 × 1.07 = 39.57; with growth printed as "7" the true rate is 6.5-7.5%: 39.39-39.76.
    agrees = record(fig("result", "level", 36.98, "2023", 170), fig("plan_total", "level", 39.5, "2024", 170),
                    fig("target", "growth_pct", 7, "2024", 170))
    disagrees = record(fig("result", "level", 36.98, "2023", 170), fig("plan_total", "level", 39.18, "2024", 170),
                       fig("target", "growth_pct", 7, "2024", 170, note="以预算数为准"))
    assert consistency.check([agrees]) == []
    notes = consistency.check([disagrees])
    assert len(notes) == 1 and notes[0].remark == "以预算数为准"


def test_repeated_figure_agrees_at_the_coarser_precision():
    same = record(fig("completion", "completion_pct", 51.4, "2024H1", 18, quote="完成年度计划的51.4%"),
                  fig("completion", "completion_pct", 51.4, "2024H1", 165, quote="51.40"))
    assert consistency.check([same]) == []
    differs = record(fig("result", "level", 481.35, "2024H1", 18), fig("result", "level", 418.35, "2024H1", 48))
    notes = consistency.check([differs])
    assert [n.check for n in notes] == ["repeat"]
    assert notes[0].lines == [18, 48]


def test_figures_over_a_plan_period_and_level_tasks_are_not_repeats():
    milestones = record(fig("result", "level", 3000, "2017-2021", 93), fig("result", "level", 4000, "2017-2021", 93))
    tasks = record(fig("target", "level", 800, "2023", 87, unit="亩", unit_class="mu"),
                   fig("target", "level", 1000, "2023", 231, unit="亩", unit_class="mu"))
    bounds = record(fig("result", "growth_pct", 8, "2022", 5, qualifier="at_least"),
                    fig("result", "growth_pct", 8.6, "2022", 9))
    assert consistency.check([milestones, tasks, bounds]) == []


@pytest.mark.parametrize("value, quote, expected", [
    (51.4, "51.40", 0.005), (51.4, "年度计划的51.4%", 0.05), (10000, "1万个以上", 5000), (7, "7", 0.5),
    (936.49, "not in the quote", 0.005)])
def test_half_unit_reads_the_printed_digits(value, quote, expected):
    assert half_unit({"value": value, "quote": quote}) == pytest.approx(expected)


# ---- the seeds ------------------------------------------------------------------------------------

AGREEING_ROWS = ("gdp", "agriculture-output", "industrial-output", "fixed-asset-investment", "imports-exports",
                 "tertiary-industry-value-added", "retail-sales", "urban-disposable-income", "rural-disposable-income",
                 "foreign-capital-utilized", "industrial-value-added")


def test_seed_table_rows_that_agree_give_no_note(built):
    _project, generated = built
    notes = consistency.check(generated.records)
    assert not [n for n in notes if n.indicator in AGREEING_ROWS], [n.message() for n in notes]


def test_seed_budget_rows_are_noted_with_the_reports_own_remark(built):
    # The table says these plan totals follow the budget, not last year's actual × planned growth.
    _project, generated = built
    notes = {(n.indicator, n.check): n for n in consistency.check(generated.records)}
    for indicator in ("general-budget-revenue-total", "local-general-budget-revenue"):
        note = notes[(indicator, "plan_total")]
        assert note.report == H1_REPORT and "预算" in note.remark
    assert any("data note" in p.message for p in generated.warnings)


def _break_completion_in_table(text: str) -> str:
    """The seed with the GDP row's share of plan changed from 51.40 to 53.40 in the annex table."""
    row = re.search(r"^1\t地区生产总值\t.*$", text, flags=re.M)
    assert row and "\t51.40\t" in row.group(0)
    return text[: row.start()] + row.group(0).replace("\t51.40\t", "\t53.40\t") + text[row.end():]


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    from generator.build import Project, build
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("broken"))
    seed = root / "seeds" / H1_SEED
    seed.write_bytes(_break_completion_in_table(seed.read_text(encoding="utf-8")).encode("utf-8"))
    project = Project(root)
    generated, _written = build(project)
    return project, generated


def test_a_wrong_row_becomes_a_data_note_on_the_report_page(broken_build):
    project, generated = broken_build
    warnings = [str(p) for p in generated.warnings if "data note" in p.message and "(gdp)" in p.message]
    assert warnings and f"seeds/{H1_SEED}:" in warnings[0] and "53.4" in warnings[0]
    for prefix, label in (("", "数据核对提示"), ("en/", "Data notes")):
        document = (project.site / prefix / "reports" / H1_REPORT / "index.html").read_text(encoding="utf-8")
        assert 'id="data-notes"' in document
        notes = document.split('id="data-notes"', 1)[1]
        text = html.unescape(re.sub(r"<[^>]+>", " ", notes))
        assert label in html.unescape(document)
        assert "53.4" in text and "481.35" in text and "936.49" in text and "51.4" in text
        assert f"sources/{H1_REPORT}/#L" in notes  # each note links to its lines


def test_check_command_warns_about_the_wrong_row(broken_build, capsys):
    from generator.cli import main

    project, _generated = broken_build
    assert main(["--root", str(project.root), "check"]) == 0
    err = capsys.readouterr().err
    assert any(line.startswith("warning: ") and "data note" in line and "53.4" in line for line in err.splitlines())


@pytest.mark.parametrize("stated, quote, notes", [
    (10.1, "高于计划增速10.1个百分点", 0), (12.1, "高于计划增速12.1个百分点", 1),
    (10.1, "低于计划增速10.1个百分点", 1)])
def test_stated_gap_to_the_planned_growth(stated, quote, notes):
    gap = fig("completion", "level", stated, "2024H1", 168, quote=quote, unit="个百分点", unit_class="other")
    row = record(fig("target", "growth_pct", 9, "2024", 168), fig("result", "growth_pct", 19.1, "2024H1", 168), gap)
    found = consistency.check([row])
    assert [n.check for n in found] == ["gap"] * notes
