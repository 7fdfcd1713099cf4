"""What a warm build keeps of the site-wide computations: each report's data notes under its record's
digest (incremental.NotesMemo), so that one changed report is checked again, not a thousand."""

import copy

from generator import consistency, incremental


def _records(built) -> list[dict]:
    _project, generated = built
    return generated.records


def _digests(records) -> dict[str, str]:
    return {r["report"]["id"]: incremental.digest(r) for r in records}


def test_notes_from_the_memo_equal_the_checks_run_afresh(built, tmp_path, monkeypatch):
    records = _records(built)
    expected = consistency.check(records)
    assert expected, "the seeds have data notes (this test needs some)"
    path = tmp_path / "notes.pickle"
    first = incremental.NotesMemo(path, "ctx", _digests(records))
    assert consistency.check(records, first) == expected
    first.save()

    checked = []
    real = consistency.check_record
    monkeypatch.setattr(consistency, "check_record", lambda r: checked.append(r["report"]["id"]) or real(r))
    again = incremental.NotesMemo(path, "ctx", _digests(records))
    assert consistency.check(records, again) == expected
    assert checked == []  # every report's notes came from the file

    changed = copy.deepcopy(records)
    changed[0]["figures"][0]["line"] += 1000
    third = incremental.NotesMemo(path, "ctx", _digests(changed))
    consistency.check(changed, third)
    assert checked == [changed[0]["report"]["id"]]
    # Another context (new code, other catalogs): nothing is reused.
    other = incremental.NotesMemo(path, "other", _digests(records))
    consistency.check(records, other)
    assert len(checked) == 1 + len(records)


def test_a_damaged_notes_file_is_ignored(built, tmp_path):
    records = _records(built)
    path = tmp_path / "notes.pickle"
    path.write_bytes(b"not a pickle")
    memo = incremental.NotesMemo(path, "ctx", _digests(records))
    assert consistency.check(records, memo) == consistency.check(records)
    memo.save()
    assert incremental.NotesMemo(path, "ctx", _digests(records)).kept  # written again, whole


def test_the_scorecard_linked_region_by_region_equals_linking_all_reports_at_once(built):
    from generator import scorecard

    _project, generated = built
    records, catalogs = generated.records, generated.catalogs
    whole = scorecard.link_region(records, catalogs)  # every report as if of one region: the old way
    assert whole and scorecard.link(records, catalogs) == whole


def test_the_scorecard_from_the_memo_equals_linking_afresh(built, tmp_path):
    from generator import scorecard

    _project, generated = built
    records, catalogs = generated.records, generated.catalogs
    expected = scorecard.link(records, catalogs)
    path = tmp_path / "scorecard.pickle"
    first = incremental.ScorecardMemo(path, "ctx", _digests(records))
    assert scorecard.link(records, catalogs, first) == expected
    first.save()

    linked = []

    def counting(region, group, make):
        return again(region, group, lambda: linked.append(region) or make())

    again = incremental.ScorecardMemo(path, "ctx", _digests(records))
    found = scorecard.link(records, catalogs, counting)
    assert found == expected and linked == []
    # The claims point at the records' own figure dicts, not at copies (pages remember values by figure).
    figures = {id(f) for r in records for f in r["figures"]}
    assert all(id(t.target.figure) in figures for t in found)
    assert all(id(p.outcome.figure) in figures for t in found for p in t.pairs if p.outcome)

    changed = copy.deepcopy(records)
    changed[0]["figures"][0]["line"] += 1000
    third = incremental.ScorecardMemo(path, "ctx", _digests(changed))
    linked.clear()
    again = third
    assert scorecard.link(changed, catalogs, counting) == scorecard.link(changed, catalogs)
    assert linked == [changed[0]["report"]["region"]]


def test_notes_checked_elsewhere_are_saved(built, tmp_path, monkeypatch):
    # A build from nothing gets every report's notes from the extraction workers (add): the file must
    # keep them, or the next build checks every report again.
    records = _records(built)
    digests = _digests(records)
    path = tmp_path / "notes.pickle"
    first = incremental.NotesMemo(path, "ctx", digests)
    for record in records:
        first.add(digests[record["report"]["id"]], consistency.check_record(record))
    expected = consistency.check(records, first)
    first.save()

    checked = []
    real = consistency.check_record
    monkeypatch.setattr(consistency, "check_record", lambda r: checked.append(r["report"]["id"]) or real(r))
    assert consistency.check(records, incremental.NotesMemo(path, "ctx", digests)) == expected
    assert checked == []
