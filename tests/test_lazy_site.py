"""After one report changed, a warm build makes only what depends on it: its region's scorecard (the
others are neither linked nor loaded), one part per page listing every report, and no chart skeleton
(they are kept in .cache/charts/, so Altair is not even imported)."""

from __future__ import annotations

import pytest

from generator import charts, files, incremental, scorecard
from generator.build import Project, generate, write_generated
from tests.bench_corpus import five_reports as _specs
from tests.bench_corpus import retitle, rewrite, small_project


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


def test_one_change_links_one_region_and_builds_no_chart(project, monkeypatch):
    # The region with two reports changes, and changes back: the charts its pages then draw have all been
    # drawn before (a chart of a new shape would need Altair, once).
    rewrite(project, _specs()[3], 1)
    write_generated(project, generate(project))
    rewrite(project, _specs()[3], 2)
    write_generated(project, generate(project))

    linked, loaded = _count_linking(monkeypatch)
    # A fresh process has no skeletons in memory, and must not need Altair to make them.
    monkeypatch.setattr(charts, "_SKELETONS", {})
    monkeypatch.setattr(charts, "alt", _NoAltair())
    rewrite(project, _specs()[3], 1)
    generated = generate(project)
    region = _specs()[3].region["id"]
    assert linked == [region] and loaded == []
    assert generated.reused["pages_rendered"] > 0

    # The same pages as a build from nothing (which may use Altair).
    monkeypatch.undo()
    clean = generate(project, use_cache=False)
    for path, value in clean.pages.items():
        made = generated.pages[path]
        if isinstance(made, (str, bytes)):  # (bytes: a page with sections, spliced)
            assert files.content(made) == files.content(value), path


class _NoAltair:
    def __getattr__(self, name):
        raise AssertionError(f"Altair used (alt.{name}): a kept chart skeleton should have been read")


def test_skeletons_are_kept_per_code_version(project):
    generate(project)
    folders = [p for p in (project.cache / "charts").iterdir() if p.is_dir()]
    assert len(folders) == 1 and any(folders[0].glob("*.json"))
    stale = project.cache / "charts" / "an-older-version"
    stale.mkdir()
    (stale / "x.json").write_text("{}", encoding="utf-8")
    generate(project)
    assert not stale.exists()
    generate(project, use_cache=False)
    assert charts._KEPT == []  # a build without caches keeps nothing


def test_skeletons_folder_names_the_installed_altair():
    # Found from the .dist-info folder, without importing importlib.metadata: the same version.
    from importlib.metadata import version

    from generator.build import _altair_version

    assert _altair_version() == f"altair-{version('altair')}.dist-info"


def test_lists_of_every_report_are_made_in_parts_per_region(project, monkeypatch):
    from generator import render

    rewrite(project, _specs()[0], 3)
    write_generated(project, generate(project))
    made = []
    for name in ("report_index_rows", "download_rows", "report_link_rows"):
        real = getattr(render._HtmlHelpers, name)
        monkeypatch.setattr(render._HtmlHelpers, name, lambda self, records, real=real, name=name: made.append(
            (name, self.lang, sorted({r["report"]["region"] for r in records}))) or real(self, records))
    noted = []
    real_notes = render._HtmlHelpers.note_items
    monkeypatch.setattr(render._HtmlHelpers, "note_items", lambda self, notes: noted.extend(
        n.report for n in notes) or real_notes(self, notes))
    rewrite(project, _specs()[0], 4)
    generated = generate(project)
    write_generated(project, generated)
    region = _specs()[0].region["id"]
    # The reports and data pages, in both languages: the changed region's rows only. The links page shows
    # no numbers: left as it was (test_incremental_changes), none of its rows made.
    assert sorted(made) == sorted((name, lang, [region]) for name in (
        "report_index_rows", "download_rows") for lang in ("zh", "en"))
    # Data notes, on its reports' pages and on indicator pages: the changed region's only.
    own = {r["report"]["id"] for r in generated.records if r["report"]["region"] == region}
    assert noted and set(noted) <= own
    # A new title: the links page too, again with the changed region's rows only (the second time: the
    # first may make it whole, when the module's other tests generated without writing).
    for title in ("Another title, given in seeds/reports.yaml", "Yet another title"):
        made.clear()
        retitle(project, _specs()[0], title)
        write_generated(project, generate(project))
    assert ("report_link_rows", "en", [region]) in made
    assert all(regions == [region] for _name, _lang, regions in made), made
