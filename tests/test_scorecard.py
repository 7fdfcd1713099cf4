"""Goals against results on small hand-made records: pairing, statuses, direction, qualifiers."""

from __future__ import annotations

import pytest

from generator.catalogs import Catalogs
from generator.scorecard import (
    ABOUT_POINTS,
    Scorecard,
    combine,
    elapsed_share,
    reached,
)

CATALOGS = Catalogs(
    regions=[{"id": "town", "name_zh": "某区", "name_en": "Some District"},
             {"id": "city", "name_zh": "某市", "name_en": "Some City"}],
    indicators=[
        {"id": "gdp", "name_zh": "地区生产总值", "name_en": "GRP", "category": "economy", "higher_is_better": True},
        {"id": "trade", "name_zh": "外贸进出口", "name_en": "trade", "category": "trade", "higher_is_better": True},
        {"id": "fdi", "name_zh": "实际利用外资", "name_en": "FDI", "category": "trade", "higher_is_better": True},
        {"id": "cpi", "name_zh": "居民消费价格指数", "name_en": "CPI", "category": "consumption",
         "higher_is_better": False},
        {"id": "jobless", "name_zh": "城镇登记失业率", "name_en": "unemployment", "category": "social",
         "higher_is_better": False},
    ])

UNITS = {"level": ("亿元", "yi_yuan"), "growth_pct": ("%", "pct_growth"), "completion_pct": ("%", "pct_completion")}


def fig(indicator, kind, role, measure, value, period, line, qualifier=None, unit=None, unit_class=None):
    printed_unit, printed_class = UNITS.get(measure, ("%", "pct_level"))
    return {"name_zh": indicator, "indicator": indicator, "kind": kind, "role": role, "measure": measure,
            "value": value, "unit": unit or printed_unit, "unit_class": unit_class or printed_class,
            "qualifier": qualifier, "period": period, "line": line, "quote": str(value)}


def report(rid, period, figures, region="town"):
    return {"report": {"id": rid, "region": region, "period": period, "source": f"seeds/{rid}.txt"},
            "figures": figures}


def card(*records):
    return Scorecard.build(list(records), CATALOGS)


def only(scorecard, indicator, period, measure=None):
    found = [t for t in scorecard.tracked if t.indicator == indicator and t.period == period
             and (measure is None or t.target.figure["measure"] == measure)]
    assert len(found) == 1, found
    return found[0]


def test_growth_target_missed_when_a_later_report_gives_the_year_growth():
    work = report("work-2023", "2023", [fig("gdp", "target", "target", "growth_pct", 9.7, "2023", 12, "about")])
    later = report("h1-2024", "2024H1", [fig("gdp", "actual", "result", "growth_pct", 1, "2023", 168)])
    tracked = only(card(work, later), "gdp", "2023")
    assert tracked.status == "missed"
    pair = tracked.latest
    assert (pair.target.report, pair.outcome.report, pair.outcome.line) == ("work-2023", "h1-2024", 168)
    assert pair.finished and pair.outcome.value == 1


@pytest.mark.parametrize("outcome, status", [(9.2, "met"), (9.7 - ABOUT_POINTS, "met"), (9.1, "missed"), (12, "met")])
def test_about_allows_the_stated_shortfall_of_points(outcome, status):
    work = report("w", "2023", [fig("gdp", "target", "target", "growth_pct", 9.7, "2023", 1, "about")])
    later = report("l", "2024", [fig("gdp", "actual", "result", "growth_pct", outcome, "2023", 5)])
    assert only(card(work, later), "gdp", "2023").status == status


@pytest.mark.parametrize("qualifier, outcome, status", [
    ("at_least", 8, "met"), ("at_least", 7.99, "missed"), (None, 8, "met"), (None, 7.9, "missed")])
def test_at_least_and_plain_targets_compare_exactly(qualifier, outcome, status):
    work = report("w", "2023", [fig("gdp", "target", "target", "growth_pct", 8, "2023", 1, qualifier)])
    later = report("l", "2024", [fig("gdp", "actual", "result", "growth_pct", outcome, "2023", 5)])
    assert only(card(work, later), "gdp", "2023").status == status


@pytest.mark.parametrize("indicator, qualifier, target, outcome, status", [
    ("jobless", "at_most", 5, 4.8, "met"),  # 控制在5%以内
    ("jobless", "at_most", 5, 5.2, "missed"),
    ("cpi", "about", 103, 103.4, "met"),  # lower is better: about allows 0.5 above
    ("cpi", "about", 103, 103.6, "missed"),
    ("cpi", None, 103, 102, "met"),
    ("gdp", "at_most", 5, 6, "missed"),  # 以内 is an upper bound whatever the catalog says
])
def test_lower_is_better_from_catalog_or_at_most(indicator, qualifier, target, outcome, status):
    measure = "level"
    work = report("w", "2022", [fig(indicator, "target", "target", measure, target, "2022", 1, qualifier,
                                    unit="%", unit_class="pct_level")])
    later = report("l", "2023", [fig(indicator, "actual", "result", measure, outcome, "2022", 9,
                                     unit="%", unit_class="pct_level")])
    assert only(card(work, later), indicator, "2022").status == status


def test_growth_is_never_computed_from_levels_of_two_reports():
    work = report("w", "2023", [fig("gdp", "target", "target", "growth_pct", 7.5, "2023", 6, "about"),
                                fig("gdp", "estimate", "estimate", "level", 867, "2022", 295)])
    later = report("l", "2024H1", [fig("gdp", "actual", "result", "level", 872.78, "2023", 165)])
    tracked = only(card(work, later), "gdp", "2023")
    assert tracked.status == "not_comparable"
    assert tracked.latest.reason == "growth_not_reported"
    assert tracked.latest.outcome.value == 872.78  # both figures stay visible
    assert tracked.latest.completion_value is None


def half_year_report(level, completion, growth, plan=936.49, planned=7.3, kind="actual"):
    return report("h1", "2024H1", [
        fig("gdp", "actual", "result", "level", 872.78, "2023", 165),
        fig("gdp", "target", "plan_total", "level", plan, "2024", 165),
        fig("gdp", "target", "target", "growth_pct", planned, "2024", 165),
        fig("gdp", kind, "result" if kind == "actual" else "estimate", "level", level, "2024H1", 18),
        fig("gdp", "actual", "completion", "completion_pct", completion, "2024H1", 18),
        fig("gdp", kind, "result" if kind == "actual" else "estimate", "growth_pct", growth, "2024H1", 18),
    ])


def test_half_year_on_track_by_completion_and_growth():
    scorecard = card(half_year_report(481.35, 51.4, 9.1))
    plan = only(scorecard, "gdp", "2024", "level")
    growth = only(scorecard, "gdp", "2024", "growth_pct")
    assert plan.status == "on_track" and growth.status == "on_track"
    assert plan.latest.completion_value == 51.4 and not plan.latest.computed
    assert plan.latest.elapsed == 0.5
    assert scorecard.find("town", "gdp", "2024").status == "on_track"


def test_half_year_behind_on_both_counts_and_estimate_is_kept():
    scorecard = card(half_year_report(59.1, 47.29, -4.03, plan=124.98, planned=4.3, kind="estimate"))
    row = scorecard.find("town", "gdp", "2024")
    assert row.status == "behind"
    assert {t.status for t in row.tracked} == {"behind"}
    assert all(t.latest.estimate for t in row.tracked)


def test_one_lagging_measure_makes_the_line_behind():
    scorecard = card(half_year_report(313.38, 56.82, 6.2, plan=551.58, planned=7.3))
    assert only(scorecard, "gdp", "2024", "level").status == "on_track"
    assert only(scorecard, "gdp", "2024", "growth_pct").status == "behind"
    assert scorecard.find("town", "gdp", "2024").status == "behind"


def test_completion_computed_from_level_and_plan_when_not_printed():
    records = report("h1", "2024H1", [fig("gdp", "target", "plan_total", "level", 1000, "2024", 3),
                                      fig("gdp", "actual", "result", "level", 400, "2024H1", 9)])
    tracked = only(card(records), "gdp", "2024")
    assert tracked.status == "behind"
    assert tracked.latest.completion_value == 40 and tracked.latest.computed


def test_amounts_convert_between_units_of_one_family():
    work = report("w", "2023", [fig("fdi", "target", "target", "level", 1400, "2023", 20, "about",
                                    unit="万美元", unit_class="wan_usd")])
    later = report("l", "2024H1", [fig("fdi", "actual", "result", "level", 0.1695, "2023", 174,
                                       unit="亿美元", unit_class="yi_usd")])
    assert only(card(work, later), "fdi", "2023").status == "met"


def test_amounts_in_units_that_do_not_convert_are_not_comparable():
    work = report("w", "2023", [fig("fdi", "target", "target", "level", 1400, "2023", 20,
                                    unit="万美元", unit_class="wan_usd")])
    later = report("l", "2024H1", [fig("fdi", "actual", "result", "level", 35, "2023", 174)])  # 亿元
    tracked = only(card(work, later), "fdi", "2023")
    assert (tracked.status, tracked.latest.reason) == ("not_comparable", "unit_differs")


def test_pending_without_outcome_and_other_regions_never_pair():
    city = report("city-2022", "2022", [fig("gdp", "target", "target", "growth_pct", 7.5, "2022", 125, "about")],
                  region="city")
    town = report("town-2023", "2023", [fig("gdp", "actual", "result", "growth_pct", 8, "2022", 5)])
    tracked = only(card(city, town), "gdp", "2022")
    assert tracked.status == "pending" and tracked.pairs == []


def test_whole_period_outcome_outranks_the_half_year():
    plan = report("h1", "2024H1", [fig("gdp", "target", "target", "growth_pct", 7.3, "2024", 1),
                                   fig("gdp", "actual", "result", "growth_pct", 9.1, "2024H1", 2)])
    year = report("y", "2025", [fig("gdp", "actual", "result", "growth_pct", 7.0, "2024", 8)])
    tracked = only(card(plan, year), "gdp", "2024")
    assert [p.status for p in tracked.pairs] == ["on_track", "missed"]
    assert tracked.status == "missed" and tracked.latest.outcome.report == "y"


def test_a_target_repeated_in_its_report_is_tracked_once():
    work = report("w", "2023", [fig("gdp", "target", "target", "growth_pct", 7.5, "2023", 6, "about"),
                                fig("gdp", "target", "target", "growth_pct", 7.5, "2023", 160, "about")])
    tracked = only(card(work), "gdp", "2023")
    assert [c.line for c in tracked.repeats] == [160]


def test_points_above_planned_growth_is_not_a_share_of_plan():
    records = report("h1", "2024H1", [
        fig("gdp", "target", "target", "growth_pct", 9, "2024", 168),
        fig("gdp", "actual", "completion", "level", 10.1, "2024H1", 24, unit="个百分点", unit_class="other"),
        fig("gdp", "actual", "result", "growth_pct", 19.1, "2024H1", 24)])
    tracked = only(card(records), "gdp", "2024")
    assert tracked.status == "on_track" and tracked.latest.outcome.value == 19.1


@pytest.mark.parametrize("target, outcome, share", [
    ("2024", "2024", 1.0), ("2024", "2024H1", 0.5), ("2024", "2024Q1", 0.25), ("2024", "2024Q3", None),
    ("2024", "2024H2", None),
    ("2024", "2023", None), ("2022-2026", "2023", None), ("2022-2026", "2022-2026", 1.0)])
def test_elapsed_share(target, outcome, share):
    assert elapsed_share(target, outcome) == share


def test_reached_rule_for_amounts_about():
    assert reached(995.1, 1000, "about", lower_better=False, rate=False)  # within 0.5% of the target
    assert not reached(994.9, 1000, "about", lower_better=False, rate=False)


@pytest.mark.parametrize("statuses, combined", [
    (["met", "missed"], "missed"), (["met", "not_comparable"], "met"), (["on_track", "behind"], "behind"),
    (["on_track", "on_track"], "on_track"), (["not_comparable", "pending"], "not_comparable"), ([], "pending"),
    (["pending"], "pending")])
def test_combine(statuses, combined):
    assert combine(statuses) == combined


def test_an_actual_in_the_table_outranks_an_estimate_in_the_summary_of_the_same_report():
    records = report("h1", "2024H1", [fig("gdp", "target", "target", "growth_pct", 7.3, "2024", 176),
                                      fig("gdp", "estimate", "estimate", "growth_pct", 6.2, "2024H1", 36),
                                      fig("gdp", "actual", "result", "growth_pct", 6.2, "2024H1", 176)])
    pair = only(card(records), "gdp", "2024").latest
    assert (pair.outcome.line, pair.estimate) == (176, False)
