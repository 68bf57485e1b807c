"""The `dt` command on the good fixture: every listing in every format, filters and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from defense_ties.cli.app import build_app
from defense_ties.rendering.formats import Format
from defense_ties.storing.listings import listing_specs

from .conftest import DATA, GOOD, run_dt

app = build_app(listing_specs(use_cache=False))

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, ["--data-dir", str(GOOD), *args])
    return result


def as_json(*args: str):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_meetings_by_year_as_json_shows_roles_on_the_day():
    [meeting] = as_json("meetings", "--year", "2025")
    assert meeting["id"] == "2025-07-01-diaz-rao-call"
    assert meeting["date"] == "2025-07-01"
    assert meeting["kind"] == "phone-call"
    assert meeting["location"] is None
    assert meeting["roles"] == [
        {
            "official": "carl-diaz",
            "name": "Carl Diaz",
            "country": "US",
            "title": "Secretary of State",
        },
        {
            "official": "bina-rao",
            "name": "Bina Rao",
            "country": "IN",
            "title": "Minister of Defence",
        },
    ]
    assert list(meeting)[:3] == ["id", "date", "end_date"]
    assert list(meeting)[-1] == "sources"


def test_meetings_table_lists_participants_with_titles():
    result = invoke("meetings", "--year", "2014", "--format", "table")
    assert result.exit_code == 0
    assert "Meetings (1)" in result.stdout
    assert "Alice Adams (Secretary of Defense)" in result.stdout
    assert "Bina Rao (Minister of Defence)" in result.stdout
    assert "2025-07-01" not in result.stdout


def test_meeting_filters_since_until_country_official():
    ids = lambda *a: [m["id"] for m in as_json("meetings", *a)]  # noqa: E731
    assert ids("--since", "2014-09") == ["2025-07-01-diaz-rao-call"]
    assert ids("--until", "2014-08") == ["2014-08-08-adams-rao-new-delhi"]
    assert ids("--official", "carl-diaz") == ["2025-07-01-diaz-rao-call"]
    assert ids("--country", "india") == [
        "2014-08-08-adams-rao-new-delhi",
        "2025-07-01-diaz-rao-call",
    ]
    assert ids("--year", "2014", "--since", "2014-08-09") == []


def test_deals_min_value_json_has_value_usd_and_dates_as_recorded():
    [deal] = as_json("deals", "--min-value", "1e9")
    assert deal["id"] == "2014-test-jets"
    assert deal["values"][0] == {
        "amount": 1_400_000_000,
        "currency": "USD",
        "kind": "reported",
        "bound": None,
        "source": "example-2014-08-08-visit",
        "date": None,
        "note": None,
    }
    assert deal["headline_value"] == {
        "kind": "reported",
        "bound": None,
        "amount": 1_400_000_000,
        "currency": "USD",
        "date": "2014-08",
        "source": "example-2014-08-08-visit",
        "usd": 1_400_000_000,
        "usd_exact": 1_400_000_000.0,
        "converted": False,
        "rate": None,
    }
    assert (deal["value_usd"], deal["value_kind"]) == (1_400_000_000, "reported")
    assert deal["announced"] == "2014-08"
    assert deal["date"] == "2014-08"


@pytest.mark.parametrize("value", ["1e9", "1.4e9", "1.4B", "1400M", "1_400_000_000"])
def test_min_value_spellings(value):
    assert [d["id"] for d in as_json("deals", "--min-value", value)] == ["2014-test-jets"]


def test_non_usd_values_convert_with_the_rate_of_the_deal_year():
    [deal] = as_json("deals", "--max-value", "500M")
    assert deal["id"] == "2016-boat-order"
    assert deal["value_usd"] == 100_000_000  # 6.8e9 INR at 68.0 per USD (2016)
    assert deal["headline_value"]["converted"] is True
    assert deal["headline_value"]["rate"] == {"year": 2016, "per_usd": 68.0}


def test_deals_csv_exact():
    result = invoke("deals", "--format", "csv", "--min-value", "1e9")
    assert result.exit_code == 0
    assert result.stdout == (
        "id,date,title,buyer,seller,items,value,value_kind,value_usd,value_bound,status,"
        "announced,notified,approved,signed,first_delivery,completed,cancelled,values,sources,"
        "notes,agreements,summary,flags,contested,unsupported\n"
        "2014-test-jets,2014-08,Ten TJ-1 jets for India,IN,US,test-jet x10,$1.4B,"
        "reported,1400000000,,under-negotiation,2014-08,,,,,,,"
        '"USD 1,400,000,000 (reported, 2014-08); USD 1,200,000,000 (estimate, 2014-06)",'
        "example-2014-08-08-visit,,,,,,\n"
    )


def test_deal_filters():
    ids = lambda *a: [d["id"] for d in as_json("deals", *a)]  # noqa: E731
    assert ids("--status", "signed") == ["2016-boat-order"]
    assert ids("--seller", "United States") == ["2014-test-jets"]
    assert ids("--platform", "river-boat") == ["2016-boat-order"]
    assert ids("--year", "2016") == ["2016-boat-order"]
    assert ids("--sort", "-value_usd") == ["2014-test-jets", "2016-boat-order"]
    assert ids("--sort", "value_usd", "--limit", "1") == ["2016-boat-order"]


def test_platforms_by_origin_country_in_any_spelling():
    for spelling in ("US", "us", "USA", "United States"):
        assert [p["id"] for p in as_json("platforms", "--country", spelling)] == ["test-jet"]
    [jet] = as_json("platforms", "--operator", "IN", "--category", "aircraft")
    assert jet["operators"] == [
        {
            "country": "IN",
            "service": None,
            "first_delivery": None,
            "inducted": "2013",
            "retired": None,
            "note": None,
        }
    ]
    assert jet["deals"] == ["2014-test-jets"]


def test_platforms_csv_has_header_and_rows():
    result = invoke("platforms", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["river-boat", "test-jet"]
    assert rows[1]["operators"] == "IN: inducted 2013"


def test_officials_as_of():
    assert [o["id"] for o in as_json("officials", "--as-of", "2011")] == ["bina-rao"]
    assert [o["id"] for o in as_json("officials", "--as-of", "2014-08-08", "--country", "US")] == [
        "alice-adams"
    ]
    [rao] = as_json("officials", "--country", "IN")
    assert rao["meetings"] == ["2014-08-08-adams-rao-new-delhi", "2025-07-01-diaz-rao-call"]


def test_agreements_filters():
    [a] = as_json("agreements", "--year", "2015", "--party", "india", "--kind", "framework")
    assert a["signatories"] == ["alice-adams", "bina-rao"] and a["expires"] == "2025"
    assert as_json("agreements", "--status", "in-force") == []


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("command", ["meetings", "officials", "platforms", "deals", "agreements"])
def test_every_format_renders_every_listing(fmt, command):
    result = invoke(command, "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


def test_empty_csv_still_has_its_header():
    result = invoke("meetings", "--year", "1999", "--format", "csv")
    assert result.stdout.startswith("id,date,end_date,kind,")
    assert len(result.stdout.splitlines()) == 1


def test_table_text_is_never_read_as_markup(tmp_path):
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    path = kb / "platforms" / "river-boat.yaml"
    path.write_text(path.read_text().replace("Riverine Patrol Boat", "'[bold]Boat[/bold]'"))
    result = runner.invoke(app, ["--data-dir", str(kb), "platforms"])
    assert "[bold]Boat[/bold]" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["meetings", "--year", "abc"], "'abc' is not a year"),
        (["deals", "--min-value", "lots"], "'lots' is not an amount"),
        (["platforms", "--country", "Atlantis"], "unknown country 'Atlantis'"),
        (["meetings", "--since", "2025-02-30"], "day 30 does not exist"),
        (["deals", "--status", "pending"], "'pending' is not one of: proposed"),
        (["deals", "--sort", "price"], "'price' is not a field of deals"),
        (
            ["meetings", "--official", "alice-adam"],
            "no official 'alice-adam' (did you mean alice-adams?)",
        ),
        (["meetings", "--limit", "-1"], "--limit"),
        (["meetings", "--format", "xml"], "--format"),
        (["meetings", "--bogus"], "No such option"),
    ],
)
def test_bad_option_values_get_one_line_and_exit_2(args, message):
    code, out, err = run_dt("--data-dir", str(GOOD), *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("dt: error: ") and message in err


def test_missing_data_dir_is_a_usage_error(tmp_path):
    code, out, err = run_dt("--data-dir", str(tmp_path / "nope"), "meetings")
    assert code == 2 and "does not exist" in err and len(err.splitlines()) == 1


def test_data_dir_from_environment(monkeypatch):
    monkeypatch.setenv("DT_DATA_DIR", str(GOOD))
    code, out, _ = run_dt("officials", "--format", "csv")
    assert code == 0 and "alice-adams" in out


def test_version_comes_from_package_metadata():
    from importlib.metadata import version

    code, out, _ = run_dt("--version")
    release = (DATA / "release.yaml").read_text().split("\n")
    number = next(line.split()[1] for line in release if line.startswith("version:"))
    day = next(line.split()[1] for line in release if line.startswith("released:"))
    assert (code, out) == (0, f"dt {version('defense-ties')}\ndata {number} (released {day})\n")


def test_help_of_each_command_shows_an_example():
    for command in ["meetings", "officials", "platforms", "deals", "agreements", "validate"]:
        code, out, _ = run_dt(command, "--help")
        assert code == 0 and "Example: dt " + command in out


def test_a_closed_pipe_ends_quietly():
    script = (
        "import subprocess, sys; "
        "p = subprocess.Popen([sys.executable, '-c', "
        "'from defense_ties.entry import main; main()', "
        f"'--data-dir', {str(DATA)!r}, 'meetings', '--format', 'json'], "
        "stdout=subprocess.PIPE, stderr=subprocess.PIPE); "
        "p.stdout.readline(); p.stdout.close(); err = p.stderr.read(); "
        "sys.exit(p.wait() or (1 if err else 0))"
    )
    # Over 64 KiB of JSON: the writer is still writing when the reader goes away.
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_stats_coverage_on_the_fixture():
    code, out, _ = run_dt("--data-dir", str(GOOD), "stats", "--format", "json")
    figures = json.loads(out)
    assert code == 0
    assert figures["records"] == {
        "sources": 2,
        "rates": 1,
        "officials": 3,
        "platforms": 2,
        "agreements": 1,
        "deals": 2,
        "notifications": 0,
        "series": 0,
        "meetings": 2,
        "exercises": 0,
        "coverage": 0,
    }
    found = figures["coverage"]
    assert found["dated_to_the_day_share"] == 0.8  # 2 meetings + 1 agreement of 5 dated
    assert found["deals_with_a_value_share"] == 1.0
    assert found["citations_per_record"] == 1.0
    assert figures["primary_source_share"] == {
        "officials": 0.0,
        "platforms": 0.0,
        "agreements": 0.0,
        "deals": 0.0,
        "meetings": 0.0,
    }


def test_timeline_orders_meetings_and_milestones():
    rows = as_json("timeline")
    assert [(r["date"], r["kind"], r["event"], r["id"]) for r in rows] == [
        ("2014-08", "deal", "announced", "2014-test-jets"),
        ("2014-08-08", "meeting", "meeting in New Delhi", "2014-08-08-adams-rao-new-delhi"),
        ("2015-06-03", "agreement", "signed", "2015-test-framework"),
        ("2016-03-01", "deal", "signed", "2016-boat-order"),
        ("2025", "agreement", "expires", "2015-test-framework"),
        ("2025-07-01", "meeting", "phone-call", "2025-07-01-diaz-rao-call"),
    ]
    assert [r["id"] for r in as_json("timeline", "--kind", "deal", "--since", "2015")] == [
        "2016-boat-order"
    ]
    assert as_json("timeline", "--country", "US", "--until", "2014-12")[1]["title"] == (
        "Alice Adams, Bina Rao"
    )


def test_agreements_and_platforms_as_of():
    assert [a["id"] for a in as_json("agreements", "--as-of", "2020")] == ["2015-test-framework"]
    assert as_json("agreements", "--as-of", "2026") == []  # expired in 2025
    assert as_json("agreements", "--as-of", "2015-06-02") == []  # not yet signed
    assert [p["id"] for p in as_json("platforms", "--as-of", "2013")] == ["test-jet"]
    assert as_json("platforms", "--as-of", "2012") == []


def test_a_table_shows_fifty_rows_by_default_and_says_how_many_it_left_out():
    code, out, _ = run_dt("--data-dir", str(DATA), "meetings", "--format", "table")
    total = len(list((DATA / "meetings").glob("*.yaml")))
    assert code == 0 and total > 50
    assert f"Meetings (50 of {total}; --limit 0 shows all)" in out
    code, out, _ = run_dt("--data-dir", str(DATA), "meetings", "-f", "table", "--limit", "0")
    assert f"Meetings ({total})" in out and "--limit 0" not in out
    for fmt in ("json", "csv", "ids", "tsv"):  # never truncated
        code, out, _ = run_dt("--data-dir", str(DATA), "meetings", "--format", fmt)
        count = len(json.loads(out)) if fmt == "json" else len(out.splitlines()) - (fmt != "ids")
        assert count == total


def test_deals_as_of_shows_each_deals_status_then():
    # 2016-boat-order: signed 2016-03-01; 2014-test-jets: under negotiation since 2014-08.
    rows = {d["id"]: d["status"] for d in as_json("deals", "--as-of", "2015-01-01")}
    assert rows == {"2014-test-jets": "under-negotiation"}
    rows = {d["id"]: d["status"] for d in as_json("deals", "--as-of", "2016-03-01")}
    assert rows == {"2014-test-jets": "under-negotiation", "2016-boat-order": "signed"}
    assert as_json("deals", "--as-of", "2014-07-31") == []


def test_value_kind_shows_and_filters_by_that_value():
    code, out, _ = run_dt("--data-dir", str(GOOD), "deals", "--value-kind", "estimate", "-f", "csv")
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["id"], row["value"], row["value_kind"], row["value_usd"]) == (
        "2014-test-jets",
        "$1.2B",
        "estimate",
        "1200000000",
    )
    assert as_json("deals", "--value-kind", "estimate", "--min-value", "1.3e9") == []
    assert [d["id"] for d in as_json("deals", "--min-value", "1.3e9")] == ["2014-test-jets"]
    assert [d["id"] for d in as_json("deals", "--value-kind", "contract")] == ["2016-boat-order"]
    code, _, err = run_dt("--data-dir", str(GOOD), "deals", "--value-kind", "rumour")
    assert code == 2 and "'rumour' is not one of: contract, notification" in err


def test_officials_as_of_lists_only_the_positions_held_then():
    def held_on(day: str) -> dict[str, str]:
        code, out, _ = run_dt("--data-dir", str(GOOD), "officials", "--as-of", day, "-f", "csv")
        assert code == 0
        return {r["id"]: r["positions"] for r in csv.DictReader(io.StringIO(out))}

    assert held_on("2011-06-01") == {"bina-rao": "Minister of External Affairs (2010–2012)"}
    assert held_on("2014-08-08")["bina-rao"] == "Minister of Defence (2014-05–present)"
    assert "alice-adams" in held_on("2015-02-16")
    assert "alice-adams" not in held_on("2015-02-17")  # her last day: the successor's first


def test_search_ranks_phrase_then_words_then_prefixes_then_fragments():
    def scores(q: str) -> dict[str, float]:
        return {h["id"]: h["score"] for h in as_json("search", q)}

    ids = lambda q: list(scores(q))  # noqa: E731
    assert "2014-08-08-adams-rao-new-delhi" in ids("New Delhi")
    fragment, word = scores("elhi"), scores("delhi")
    assert set(fragment) == set(word)  # a fragment inside a word still finds it ...
    assert all(fragment[i] < word[i] for i in word)  # ... but ranks below the whole word
    assert ids("NEW delhi") == ids("new Delhi")
    assert ids("Delhi\u0301") == []  # NFC: a combining accent is not ignored
    assert ids("Adams")[0] == "alice-adams"


@pytest.mark.parametrize(
    "words, expected",
    [
        ("dt deals --status del", ["delivering"]),
        ("dt deals --value-kind no", ["notification"]),
        ("dt show 2016-", ["2016-boat-order"]),
        ("dt meetings --official al", ["alice-adams"]),
        ("dt deals --platform ri", ["river-boat"]),
        ("dt platforms --country U", ["UA", "UG", "UM", "US", "UY", "UZ"]),
    ],
)
def test_completion_of_ids_and_option_values(words, expected):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("_DT")},
        "DT_DATA_DIR": str(GOOD),
        "_DT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    done = subprocess.run(
        [sys.executable, "-c", "from defense_ties.entry import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split() == expected, done.stderr


def test_meetings_country_means_a_participant_and_in_means_the_venue():
    ids = lambda *a: [m["id"] for m in as_json("meetings", *a)]  # noqa: E731
    both = ["2014-08-08-adams-rao-new-delhi", "2025-07-01-diaz-rao-call"]
    assert ids("--country", "India") == both  # a participant of India in each
    assert ids("--in", "India") == ["2014-08-08-adams-rao-new-delhi"]  # the call has no venue
    assert ids("--in", "new delhi") == ids("--in", "IN") == ids("--in", "New Delhi")
    assert ids("--in", "US") == [] and ids("--in", "Paris") == []


def test_an_empty_table_says_what_range_the_data_covers():
    code, out, err = run_dt("--data-dir", str(GOOD), "meetings", "--year", "2030")
    assert code == 0 and out == "id\tdate\tkind\tcity\tparticipants\n"
    assert (
        err == "dt: no meetings match these filters; meetings run from 2014-08-08 to 2025-07-01\n"
    )


def test_a_folder_that_is_no_knowledge_base_is_a_usage_error_with_a_hint(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "meetings").mkdir()
    code, out, err = run_dt("--data-dir", str(tmp_path), "validate")
    assert (code, out) == (2, "")
    assert f"holds no record folders; did you mean {str(tmp_path / 'data')!r}?" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run_dt("--data-dir", str(tmp_path / "empty"), "meetings")
    assert code == 2 and "holds no record folders (expected some of agreements" in err


def test_the_invalid_knowledge_base_hint_names_the_folder(tmp_path):
    from .conftest import overlay_kb

    kb = overlay_kb(tmp_path, "broken", "bad-references")
    code, _, err = run_dt("--data-dir", str(kb), "meetings")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"dt: the knowledge base is invalid; run `dt --data-dir {str(kb)!r} validate` for details"
    )


def test_agreements_as_of_show_the_status_then():
    # 2015-test-framework: signed 2015-06-03, expired 2025.
    rows = {a["id"]: a["status"] for a in as_json("agreements", "--as-of", "2020-01-01")}
    assert rows == {"2015-test-framework": "in-force"}


@pytest.mark.parametrize(
    "args, listings",
    [
        (["validate"], False),
        (["--data-dir", "deals", "validate", "--changed"], False),  # a folder named deals
        (["--no-cache", "fmt", "--check"], False),
        (["--data-dir", "validate", "deals"], True),  # a folder named validate
        (["deals", "--min-value", "1e9"], True),
        (["validate", "--help"], True),
        (["valdate"], True),  # a typo: every command, for the suggestion
        ([], True),
    ],
)
def test_a_command_that_lists_nothing_is_built_without_the_listings(args, listings):
    """Building the listing commands imports every kind's model; `dt validate` (a pull
    request's check on a machine with no cache) does without them."""
    from typer.main import get_command

    from defense_ties.cli.app import default_app

    commands = get_command(default_app(args)).commands  # type: ignore[attr-defined]
    assert "validate" in commands and ("deals" in commands) is listings
