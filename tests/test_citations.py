"""Citations out: CSL-JSON parses with a CSL library, BibTeX with a BibTeX parser, RIS has one
TY..ER block per source; all three round-trip title, date and URL, quotes as notes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc.source.json import CiteProcJSON

from .conftest import GOOD, run_dt

RECORD = "2015-apache-chinook"


def _cite(*args: str) -> str:
    code, out, err = run_dt(*args)
    assert code == 0, err
    return out


def _sources_of(record: str) -> dict[str, dict]:
    doc = json.loads(_cite("show", record, "--format", "json"))
    ids = list(dict.fromkeys(c["source"] for c in doc["citations"]))
    found = {}
    for source in ids:
        page = json.loads(_cite("show", source, "--format", "json"))
        found[source] = page["fields"]
    return found


def test_csl_json_parses_with_a_csl_library_and_round_trips() -> None:
    items = json.loads(_cite("cite", RECORD))
    sources = _sources_of(RECORD)
    assert [i["id"] for i in items] == list(sources)
    parsed = CiteProcJSON(items)
    for item in items:
        s = sources[item["id"]]
        assert item["title"] == s["title"] and item["URL"] == s["url"]
        assert (
            "-".join(
                f"{p:02d}" if i else str(p) for i, p in enumerate(item["issued"]["date-parts"][0])
            )
            == s["published"]
        )
        entry = parsed[item["id"].lower()]
        assert str(entry["title"]) == s["title"]
    assert all(i["note"].startswith("“") for i in items)


def test_bibtex_parses_and_round_trips() -> None:
    text = _cite("cite", RECORD, "--format", "bibtex")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    sources = _sources_of(RECORD)
    assert [e.key for e in library.entries] == list(sources)
    for entry in library.entries:
        s = sources[entry.key]
        assert entry.entry_type == "online"
        assert entry["title"] == "{" + s["title"] + "}" or _latex(entry["title"]) == s["title"]
        assert entry["url"] == s["url"] and entry["date"] == s["published"]


def _latex(text: str) -> str:
    decoded = text.strip("{}")
    for escaped, plain in (
        (r"\textbackslash{}", "\\"), (r"\{", "{"), (r"\}", "}"), (r"\$", "$"), (r"\&", "&"),
        (r"\%", "%"), (r"\#", "#"), (r"\_", "_"), (r"\^{}", "^"), (r"\~{}", "~"),
    ):  # fmt: skip
        decoded = decoded.replace(escaped, plain)
    return decoded


def test_ris_has_one_block_per_source_and_round_trips() -> None:
    text = _cite("cite", RECORD, "--format", "ris")
    entries = rispy.loads(text)
    sources = _sources_of(RECORD)
    assert text.count("TY  - ") == text.count("ER  - ") == len(entries) == len(sources)
    for entry in entries:
        s = sources[entry["id"]]
        assert entry["title"] == s["title"] and entry["urls"] == [s["url"]]
        assert entry["date"].rstrip("/").replace("/", "-") == s["published"]
        assert entry["notes"]


def test_a_field_cites_only_the_sources_that_state_it() -> None:
    items = json.loads(_cite("cite", RECORD, "signed"))
    why = json.loads(_cite("why", RECORD, "signed", "--format", "json"))
    stating = {e["source"] for f in why["fields"] for e in f["evidence"]}
    assert {i["id"] for i in items} == stating
    code, _, err = run_dt("cite", RECORD, "colour")
    assert code == 2 and "not a checkable field" in err


@pytest.mark.parametrize("style", ["csl-json", "bibtex", "ris"])
def test_every_listing_cites_the_sources_of_its_records(style: str) -> None:
    out = _cite("meetings", "--year", "2014", "--format", style)
    docs = json.loads(_cite("meetings", "--year", "2014", "--format", "json"))
    cited = {c["source"] for d in docs for c in d["sources"]}
    if style == "csl-json":
        assert {i["id"] for i in json.loads(out)} == cited
    elif style == "ris":
        assert {e["id"] for e in rispy.loads(out)} == cited
    else:
        assert {e.key for e in bibtexparser.parse_string(out).entries} == cited
    assert out.count(RECORD) == 0


def test_the_sources_listing_cites_itself() -> None:
    out = _cite("sources", "--primary", "--format", "ris")
    ids = _cite("sources", "--primary", "--format", "ids").split()
    assert [e["id"] for e in rispy.loads(out)] == ids


def test_special_characters_survive_every_format(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    [source] = sorted((kb / "sources").glob("*.yaml"))[:1]
    title = "Deals {50% & $1.2B} #2_x ~ ^ \\ “quoted”"
    text = source.read_text()
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    source.write_text(text.replace(old, "title: " + json.dumps(title, ensure_ascii=False)))
    code, out, err = run_dt("--data-dir", str(kb), "cite", source.stem, "--format", "bibtex")
    assert code == 0, err
    [entry] = bibtexparser.parse_string(out).entries
    assert _latex(entry["title"]) == title
    code, out, _ = run_dt("--data-dir", str(kb), "cite", source.stem, "--format", "ris")
    assert rispy.loads(out)[0]["title"] == title
    code, out, _ = run_dt("--data-dir", str(kb), "cite", source.stem)
    assert json.loads(out)[0]["title"] == title
