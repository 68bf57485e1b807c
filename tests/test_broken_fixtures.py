"""Each broken fixture overlays tests/fixtures/good; `dt validate` must report exactly this."""

from __future__ import annotations

import pytest

from .conftest import overlay_kb, run_dt

EXPECTED: dict[str, list[str]] = {
    "amount-exponent": [
        "deals/2014-test-jets.yaml:9:13: values[0].amount: amount must be a whole number written with digits and underscores, e.g. 1_400_000_000, not 1.4e9 [invalid-value]",
        "1 error in 1 file",
    ],
    "amount-string": [
        "deals/2014-test-jets.yaml:7:15: items[0].quantity: Input should be greater than or equal to 1 [invalid-value]",
        "deals/2014-test-jets.yaml:9:13: values[0].amount: amount must be a whole number written with digits and underscores, e.g. 1_400_000_000, not 1e9 [invalid-value]",
        "deals/2014-test-jets.yaml:10:15: values[0].currency: unknown ISO 4217 currency code 'usd' (did you mean 'USD'?) [invalid-value]",
        "3 errors in 1 file",
    ],
    "bad-country": [
        "officials/carl-diaz.yaml:3:10: country: unknown ISO 3166-1 alpha-2 country code 'us' (did you mean 'US'?) [invalid-value]",
        "1 error in 1 file",
    ],
    "bad-date": [
        "meetings/2025-07-01-diaz-rao-call.yaml:2:7: date: '2025-02-30': day 30 does not exist in 2025-02 [invalid-value]",
        "1 error in 1 file",
    ],
    "bad-filenames": [
        "deals/2016-boat-order.yml:1:1: (file): record files must be named <id>.yaml [bad-filename]",
        "deals/Notes.txt:1:1: (file): record files must be named <id>.yaml [bad-filename]",
        "vessels:1:1: (file): not a record folder: expected one of agreements, coverage, deals, exercises, meetings, notifications, officials, platforms, rates, series, sources [unknown-kind]",
        "3 errors in 3 files",
    ],
    "bad-id": [
        "officials/carl-diaz.yaml:1:5: id: 'Carl_Diaz' is not a valid id: use lowercase kebab-case like 'chuck-hagel' [invalid-value]",
        "1 error in 1 file",
    ],
    "bad-references": [
        "meetings/2014-08-08-adams-rao-new-delhi.yaml:7:29: participants[1]: 'test-jet' is a platform, not an official [wrong-kind]",
        "meetings/2014-08-08-adams-rao-new-delhi.yaml:7:39: participants[2]: no official 'nobody-known' in officials/ [dangling-reference]",
        "meetings/2014-08-08-adams-rao-new-delhi.yaml:9:9: deals[0]: no deal '2099-missing-deal' in deals/ [dangling-reference]",
        "meetings/2014-08-08-adams-rao-new-delhi.yaml:11:13: sources[0].source: no source 'example-2099-missing' in sources/ [missing-source]",
        "4 errors in 1 file",
    ],
    "billion-laughs": [
        "sources/example-2014-08-08-visit.yaml:2:4: yaml: anchor &a refused: write the value out [anchor]",
        "1 error in 1 file",
    ],
    "deal-lifecycle": [
        "deals/2014-test-jets.yaml:8:9: status: status delivering is behind the completed milestone (2015): the status should be completed [status-behind-milestones]",
        "deals/2014-test-jets.yaml:14:11: milestones.first_delivery.date: first delivery (2014-08-08) before signed (2014-09) [milestone-order]",
        "deals/2014-test-jets.yaml:26:11: values[1].kind: a second contract value: keep one, mark the other reported and say why in notes [contract-twice]",
        "deals/2016-boat-order.yaml:8:9: status: status completed needs a dated completed milestone [status-without-milestone]",
        "deals/2016-boat-order.yaml:11:5: milestones.first_delivery: deliveries without a signed milestone [delivery-unsigned]",
        "deals/2016-boat-order.yaml:15:15: values[0].currency: an undated value cannot be converted: give its date [undated]",
        "deals/2016-boat-order.yaml:16:11: values[0].kind: a contract value on a deal never signed: use notification, approval, estimate or reported [contract-unsigned]",
        "deals/2016-boat-order.yaml:19:15: values[1].currency: no INR rate for 2019 in rates/inr.yaml: add the cited yearly average (no other year's rate is used) [no-rate-year]",
        "8 errors in 2 files",
    ],
    "office-overlap": [
        "officials/dan-double.yaml:6:12: positions[0].start: Secretary of Defense held by Alice Adams (2013-02-27–2015-02-17) on the same days: date the handover to the day [office-overlap]",
        "1 error in 1 file",
    ],
    "notification-checks": [
        "notifications/2016-01-10-boats.yaml:12:9: value.kind: a notification's value is of kind notification (an estimated ceiling) [value-kind]",
        "notifications/2016-01-10-boats.yaml:14:7: deal: deal 2016-boat-order records no notification on 2016-01-10: date its notified milestone or a notification value so [notification-not-on-deal]",
        "2 errors in 1 file",
    ],
    "duplicate-id": [
        "platforms/bina-rao.yaml:1:5: id: duplicate id: also used by officials/bina-rao.yaml [duplicate-id]",
        "1 error in 1 file",
    ],
    "duplicate-key": [
        "officials/alice-adams.yaml:7:1: country: duplicate key (first defined at line 3) [duplicate-key]",
        "1 error in 1 file",
    ],
    "empty": [
        "platforms/test-jet.yaml:1:1: (file): empty file: expected a mapping of fields [empty]",
        "1 error in 1 file",
    ],
    "end-before-start": [
        "meetings/2014-08-08-adams-rao-new-delhi.yaml:7:16: participants[0]: 'alice-adams' held no recorded position on 2014-08-08 [not-in-office]",
        "officials/alice-adams.yaml:7:10: positions[0].end: 2012-12 is before the start 2013-02-27 [end-before-start]",
        "2 errors in 2 files",
    ],
    "id-mismatch": [
        "officials/carl-diaz.yaml:1:5: id: id 'carl-diaz-2' differs from the file name 'carl-diaz.yaml': they must match [id-mismatch]",
        "1 error in 1 file",
    ],
    "negative-amount": [
        "deals/2016-boat-order.yaml:7:15: items[0].quantity: Input should be greater than or equal to 1 [invalid-value]",
        "deals/2016-boat-order.yaml:9:13: values[0].amount: Input should be greater than or equal to 0 [invalid-value]",
        "deals/2016-boat-order.yaml:10:15: values[0].currency: unknown ISO 4217 currency code 'XYZ' [invalid-value]",
        "3 errors in 1 file",
    ],
    "not-a-mapping": [
        "platforms/test-jet.yaml:1:1: (file): expected a mapping of fields, found a list [not-a-mapping]",
        "1 error in 1 file",
    ],
    "not-in-office": [
        "meetings/2025-07-01-diaz-rao-call.yaml:4:16: participants[0]: 'carl-diaz' held no recorded position on 2024-12-31 [not-in-office]",
        "1 error in 1 file",
    ],
    "not-utf8": [
        "sources/example-2014-08-08-visit.yaml:2:11: (file): byte 0xe9 is not valid UTF-8 [encoding]",
        "1 error in 1 file",
    ],
    "octal": [
        "platforms/test-jet.yaml:8:15: operators[0].inducted: 0755 has a leading zero (YAML 1.1 reads it as octal): quote it or drop the zero [leading-zero]",
        "1 error in 1 file",
    ],
    "python-tag": [
        "sources/example-2014-08-08-visit.yaml:2:8: title: tag 'tag:yaml.org,2002:python/object/apply:os.system' refused: only plain YAML is allowed [tag]",
        "1 error in 1 file",
    ],
    "tab": [
        "officials/alice-adams.yaml:2:6: yaml: tab character: indent and separate with spaces [tab]",
        "1 error in 1 file",
    ],
    "too-deep": [
        "platforms/test-jet.yaml:2:38: yaml: nesting deeper than 32 levels [too-deep]",
        "1 error in 1 file",
    ],
    "uncited-value": [
        "deals/2014-test-jets.yaml:9:15: values[0].currency: no exchange rates for EUR: add rates/eur.yaml [no-rate]",
        "deals/2014-test-jets.yaml:10:13: values[0].source: source 'example-2025-rates' is not among this record's sources: cite it there with a quote [uncited-source]",
        "2 errors in 1 file",
    ],
    "unknown-field": [
        "meetings/2025-07-01-diaz-rao-call.yaml:1:1: summary: missing required field [missing-field]",
        "meetings/2025-07-01-diaz-rao-call.yaml:5:1: sumary: unknown field (did you mean 'summary'?) [unknown-field]",
        "meetings/2025-07-01-diaz-rao-call.yaml:9:5: sources[0].page: unknown field [unknown-field]",
        "3 errors in 1 file",
    ],
    "wrong-types": [
        "meetings/2025-07-01-diaz-rao-call.yaml:3:7: kind: Input should be 'meeting', 'phone-call', 'video-call', 'summit', 'dialogue' or 'contact' [invalid-value]",
        "meetings/2025-07-01-diaz-rao-call.yaml:4:15: participants: Input should be a valid list [invalid-value]",
        "meetings/2025-07-01-diaz-rao-call.yaml:5:10: summary: Input should be a valid string [invalid-value]",
        "meetings/2025-07-01-diaz-rao-call.yaml:6:10: sources: List should have at least 1 item after validation, not 0 [invalid-value]",
        "4 errors in 1 file",
    ],
    "yaml-syntax": [
        "meetings/2014-08-08-adams-rao-new-delhi.yaml:5:8: yaml: while parsing a flow sequence; did not find expected ',' or ']' [yaml-syntax]",
        "1 error in 1 file",
    ],
}


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_broken_fixture_reports_exact_located_problems(scenario, tmp_path, monkeypatch):
    kb = overlay_kb(tmp_path, "broken", scenario)
    monkeypatch.chdir(kb)
    code, out, err = run_dt("--data-dir", ".", "validate")
    assert code == 1
    assert out.splitlines() == EXPECTED[scenario]
    assert "Traceback" not in out + err


def test_every_broken_fixture_is_pinned():
    from .conftest import FIXTURES

    assert sorted(p.name for p in (FIXTURES / "broken").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("command", ["meetings", "deals", "officials", "platforms", "agreements"])
def test_queries_refuse_an_invalid_knowledge_base(command, tmp_path, monkeypatch):
    kb = overlay_kb(tmp_path, "broken", "bad-references")
    monkeypatch.chdir(kb)
    code, out, err = run_dt("--data-dir", ".", command, "--format", "json")
    assert code == 1
    assert out == ""
    assert "meetings/2014-08-08-adams-rao-new-delhi.yaml:7:29: participants[1]" in err
    assert "invalid" in err.splitlines()[-1]
