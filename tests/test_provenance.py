"""Claim-level provenance over the real data and fixtures: `dt validate` reports fields no
quote states, `--strict` refuses them, `dt why` shows the quotes, `supports` narrows them."""

from __future__ import annotations

import json
import shutil

import pytest

from defense_ties.core.knowledge_base import KnowledgeBase
from defense_ties.reading.loading import load_with_problems
from defense_ties.reading.provenance import SUPPORTED, UNSUPPORTED, every_finding

from .conftest import DATA, GOOD, run_dt

REVIEWED = DATA / "reviewed-unsupported.txt"


def test_at_least_nine_in_ten_checkable_fields_are_supported():
    kb, problems = load_with_problems(DATA)
    assert problems == []
    findings = every_finding(kb)
    supported = sum(f.status == SUPPORTED for f in findings)
    assert len(findings) > 1000 and supported / len(findings) >= 0.9


def test_the_joined_quotes_test_never_hides_a_quote_that_states_a_field(monkeypatch):
    """`support.may_state` over a record's quotes joined is a cheap test that spares reading
    each quote: every status and every quote found is the same without it (all quotes read),
    over the real data and the fixtures, both for `validate` (statuses) and `why` (quotes)."""
    from defense_ties.core import support
    from defense_ties.reading.provenance import Reader

    def every(kb: KnowledgeBase, first: bool) -> list[tuple[str, str, str, tuple[object, ...]]]:
        reader = Reader(kb, statuses_only=first)
        return [
            (f.record.id, f.field, f.status, f.evidence) for r in kb for f in reader.findings(r)
        ]

    for folder in (DATA, GOOD):
        kb, _ = load_with_problems(folder)
        with_test = every(kb, True), every(kb, False)
        with monkeypatch.context() as patched:
            patched.setattr(support, "may_state", lambda *args: True)
            assert (every(kb, True), every(kb, False)) == with_test


def test_the_reviewed_list_is_current_so_strict_passes_on_the_data():
    """data/reviewed-unsupported.txt lists exactly the fields `dt validate` reports: strict
    passes, and a stale or missing line would fail it."""
    code, out, err = run_dt("validate", "--strict")
    assert code == 0, err
    reported = out.count("[unsupported]")
    listed = [
        line
        for line in REVIEWED.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert reported == len(listed) and "[stale]" not in out
    assert (
        err == f"ok: {_records()} records, no errors; warnings: {reported} unsupported fields "
        f"({reported} reviewed)\n"
    )


def _records() -> int:
    return len([p for p in DATA.glob("*/*.yaml")])


def test_strict_fails_on_a_new_or_a_stale_line(tmp_path, monkeypatch):
    kb = tmp_path / "kb"
    shutil.copytree(DATA, kb)
    reviewed = kb / "reviewed-unsupported.txt"
    lines = reviewed.read_text(encoding="utf-8").splitlines()
    reviewed.write_text("\n".join([*lines[:-1], "meetings/no-such.yaml date"]) + "\n")
    code, out, err = run_dt("--data-dir", str(kb), "validate", "--strict")
    assert code == 1
    assert (
        "reviewed-unsupported.txt: meetings/no-such.yaml date: listed as unsupported but "
        "now stated: remove it [stale]" in out
    )
    assert err.splitlines()[-1] == (
        "dt: --strict: 1 unsupported field(s) not in reviewed-unsupported.txt, 1 listed there "
        "but stated, 0 other warning(s)"
    )


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
    assert err == "ok: 13 records, no errors; warnings: 1 unsupported field (0 reviewed)\n"
    code, out, err = run_dt("--data-dir", ".", "validate", "--strict")
    assert (code, out) == (1, expected)
    assert err.splitlines() == [
        "ok: 13 records, no errors; warnings: 1 unsupported field (0 reviewed)",
        "dt: --strict: 1 unsupported field(s) not in reviewed-unsupported.txt, 0 listed there "
        "but stated, 0 other warning(s)",
    ]


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


def test_no_support_check_skips_it_and_strict_needs_it(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    call = kb / "meetings" / "2025-07-01-diaz-rao-call.yaml"
    call.write_text(call.read_text().replace("date: 2025-07-01", "date: 2025-07-02"))
    code, out, err = run_dt("--data-dir", str(kb), "validate", "--no-support-check")
    assert (code, out, err) == (0, "", "ok: 13 records, no problems\n")
    code, out, err = run_dt("--data-dir", str(kb), "validate", "--strict", "--no-support-check")
    assert (code, out) == (2, "") and "--strict needs the support check" in err
