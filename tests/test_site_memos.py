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
