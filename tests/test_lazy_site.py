"""After one report changed, a warm build makes only what depends on it: its region's scorecard (the
others are neither linked nor loaded) and one part per page listing every report."""

from __future__ import annotations

import pytest

from generator import files, incremental, scorecard
from generator.build import Project, generate, write_generated
from tests.bench_corpus import five_reports as _specs
from tests.bench_corpus import rewrite, small_project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    project = small_project(tmp_path_factory.mktemp("lazy") / "project")
    write_generated(project, generate(project))
    return project


def _count_linking(monkeypatch) -> tuple[list[str], list[str]]:
    """The regions linked (scorecard.link_region) and loaded from the cache (from_plain), as they are."""
    linked, loaded = [], []
    real_link_region, real_from_plain = scorecard.link_region, scorecard.from_plain
    monkeypatch.setattr(scorecard, "link_region", lambda group, c: linked.append(
        group[0]["report"]["region"]) or real_link_region(group, c))
    monkeypatch.setattr(scorecard, "from_plain", lambda plain, group: loaded.append(
        group[0]["report"]["region"]) or real_from_plain(plain, group))
    return linked, loaded


def test_summaries_agree_with_the_rows_they_stand_for(built):
    _project, generated = built
    card = scorecard.Scorecard.build(generated.records, generated.catalogs)
    assert card.rows, "the seeds have scorecard rows (this test needs some)"
    assert card.counts() == scorecard.counts(card.rows)
    for region in card.regions:
        found = card.summary(region)
        rows = card.rows_of_region(region)
        tracked = card.tracked_of_region(region)
        assert found == {"tracked": len(tracked), "lines": sum(len(t.pairs) or 1 for t in tracked),
                         "rows": len(rows), "counts": scorecard.counts(rows)}
    assert card.has_rows()
    # Region by region, in order, the rows are the rows of everything linked at once.
    assert [(r.region, r.indicator, r.period, r.status) for r in card.rows] == [
        (r.region, r.indicator, r.period, r.status)
        for r in scorecard.rows(scorecard.link(generated.records, generated.catalogs), generated.catalogs)]


def test_a_kept_region_is_loaded_only_when_asked_for(project, tmp_path, monkeypatch):
    generated = generate(project, use_cache=False)
    records, catalogs = generated.records, generated.catalogs
    digests = {r["report"]["id"]: incremental.digest(r) for r in records}
    first = incremental.ScorecardMemo(tmp_path / "scorecard", "ctx", digests)
    whole = scorecard.Scorecard.build(records, catalogs, first).made()
    first.save()
    assert len(whole.regions) == 2

    linked, loaded = _count_linking(monkeypatch)
    again = incremental.ScorecardMemo(tmp_path / "scorecard", "ctx", digests)
    card = scorecard.Scorecard.build(records, catalogs, again)
    # Pages about every region: from the summaries alone.
    assert card.counts() == whole.counts() and card.has_rows() == whole.has_rows()
    assert [card.summary(r) for r in card.regions] == [whole.summary(r) for r in whole.regions]
    assert loaded == [] and linked == []
    # A report page: its own region only, loaded, not linked again.
    rid = next(r["report"]["id"] for r in records if r["report"]["region"] == whole.regions[-1])
    assert len(card.targets_of_report(rid)) == len(whole.targets_of_report(rid))
    assert loaded == [whole.regions[-1]] and linked == []


def test_one_change_links_one_region(project, monkeypatch):
    # The region with two reports changes, and changes back: only that region is linked again.
    rewrite(project, _specs()[3], 1)
    write_generated(project, generate(project))
    rewrite(project, _specs()[3], 2)
    write_generated(project, generate(project))

    linked, loaded = _count_linking(monkeypatch)
    rewrite(project, _specs()[3], 1)
    generated = generate(project)
    region = _specs()[3].region["id"]
    assert linked == [region] and loaded == []
    assert generated.reused["pages_rendered"] > 0

    # The same pages as a build from nothing.
    monkeypatch.undo()
    clean = generate(project, use_cache=False)
    for path, value in clean.pages.items():
        made = generated.pages[path]
        if isinstance(made, (str, bytes)):  # (bytes: a page with sections, spliced)
            assert files.content(made) == files.content(value), path
