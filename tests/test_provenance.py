"""Claim-level provenance over the real data and fixtures: `dt validate` reports fields no
quote states, `--strict` refuses them, `dt why` shows the quotes, `supports` narrows them."""

from __future__ import annotations

import json
import shutil

import pytest

from defense_ties.querying.provenance import SUPPORTED, UNSUPPORTED, every_finding
from defense_ties.reading.loading import load_with_problems

from .conftest import DATA, GOOD, REPO, run_dt

REVIEWED = REPO / "provenance" / "unsupported.txt"


def test_at_least_nine_in_ten_checkable_fields_are_supported():
    kb, problems = load_with_problems(DATA)
    assert problems == []
    findings = every_finding(kb)
    supported = sum(f.status == SUPPORTED for f in findings)
    assert len(findings) > 1000 and supported / len(findings) >= 0.9


def test_every_unsupported_field_is_listed_in_the_reviewed_file(monkeypatch):
    """provenance/unsupported.txt lists exactly what `dt validate` reports (regenerate it with
    `dt validate 2>/dev/null | sed 's|^data/||' > provenance/unsupported.txt` and review)."""
    monkeypatch.chdir(REPO)
    code, out, err = run_dt("--data-dir", "data", "validate")
    assert code == 0
    reported = [line.removeprefix("data/") for line in out.splitlines()]
    assert reported == REVIEWED.read_text(encoding="utf-8").splitlines()
    assert err.endswith(f"; {len(reported)} unsupported fields (warnings)\n")


def test_strict_refuses_an_unsupported_field_with_its_location(tmp_path, monkeypatch):
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    monkeypatch.chdir(kb)
    assert run_dt("--data-dir", ".", "validate", "--strict")[0] == 0
    call = kb / "meetings" / "2025-07-01-diaz-rao-call.yaml"
    call.write_text(call.read_text().replace("date: 2025-07-01", "date: 2025-07-02"))
    expected = (
        "meetings/2025-07-01-diaz-rao-call.yaml:2:7: date: '2025-07-02' is stated by no quote "
        "of its citations (see dt why) [unsupported]\n"
    )
    code, out, err = run_dt("--data-dir", ".", "validate")
    assert (code, out) == (0, expected)
    assert err == "ok: 13 records, no problems; 1 unsupported field (warnings)\n"
    code, out, err = run_dt("--data-dir", ".", "validate", "--strict")
    assert (code, out) == (1, expected)
    assert err == "ok: 13 records, no problems; 1 unsupported field (errors)\n"


def test_supports_narrows_what_a_citation_backs(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    call = kb / "meetings" / "2025-07-01-diaz-rao-call.yaml"
    text = call.read_text()
    call.write_text(
        text.replace("    quote: Diaz spoke", "    supports: [participants]\n    quote: Diaz spoke")
    )
    loaded, problems = load_with_problems(kb)
    assert problems == []
    status = {f.field: f.status for f in every_finding(loaded) if f.record.id == call.stem}
    assert status["date"] == UNSUPPORTED  # the only quote says it backs the participants
    assert status["participants[0]"] == SUPPORTED


def test_why_shows_the_quote_that_dates_the_signature():
    code, out, _ = run_dt("why", "2015-apache-chinook", "signed")
    assert code == 0
    assert "milestones.signed.date  2015-09-28  supported" in out
    assert "»on Monday«" in out  # the words that state it, on The Hindu of Monday 28 September
    assert "The Hindu, India signs deal with Boeing" in " ".join(out.split())
    code, out, _ = run_dt("why", "2015-apache-chinook", "signed", "--format", "json")
    [field] = json.loads(out)["fields"]
    assert field["status"] == "supported" and field["value"] == "2015-09-28"
    [evidence] = field["evidence"]
    start, end = evidence["matches"][0]
    assert evidence["quote"][start:end] == "on Monday"
    assert evidence["published"] == "2015-09-28"


@pytest.mark.parametrize(
    "args, message",
    [
        (["why", "2015-apache-chinook", "colour"], "'colour' is not a checkable field"),
        (["why", "apache"], "no record with id 'apache'"),
        (["why", "p-8i", "--format", "xml"], "'xml' is not one of: table, json"),
    ],
)
def test_why_refuses_bad_input_in_one_line(args, message):
    code, out, err = run_dt(*args)
    assert (code, out) == (2, "") and message in err and len(err.splitlines()) == 1


def test_stats_reports_the_supported_share_per_kind():
    code, out, _ = run_dt("stats", "--format", "json")
    shares = json.loads(out)["supported_field_share"]
    assert shares["all"] >= 0.9 and set(shares) >= {"meetings", "deals", "officials"}

