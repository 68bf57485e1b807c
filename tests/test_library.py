"""The Python library: `import defense_ties as dt` answers what the command line answers, with
the same filters and errors, and imports nothing heavy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import defense_ties as dt
from defense_ties.core.listing import FilterSpec, ListingSpec
from defense_ties.storing.listings import listing_specs

from .conftest import DATA, GOOD, run_dt

SPECS = {s.name: s for s in listing_specs(use_cache=False)}


@pytest.fixture(scope="module")
def kb() -> dt.KnowledgeBase:
    return dt.load()


def _sample(spec: ListingSpec, f: FilterSpec, kb: dt.KnowledgeBase) -> object:
    """A value the filter takes, as the command line would be given it."""
    if f.parse == "flag":
        return True
    if f.choices:
        return f.choices[0]
    if f.parse == "id":
        kind = f.refers_to or spec.name
        return sorted(kb.models.records[kind])[len(kb.models.records[kind]) // 2]
    return {
        "year": "2020",
        "since": "2020",
        "until": "2010",
        "day": "2019-01-01",
        "country": "IN",
        "amount": "1e9",
        "place": "India",
        "title": "secretary",
    }[f.parse]


def _cli(kind: str, option: str, value: object) -> list[dict]:
    args = [kind, "--format", "json"]
    args += [f"--{option}"] if value is True else [f"--{option}", str(value)]
    code, out, err = run_dt(*args)
    assert code == 0, (args, err)
    return json.loads(out)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_filter_answers_what_the_command_line_prints(kb: dt.KnowledgeBase, kind: str) -> None:
    spec = SPECS[kind]
    assert kb.query(kind) == _cli(kind, "limit", 0)
    for f in spec.filters:
        value = _sample(spec, f, kb)
        python = f.option.replace("-", "_") + ("_" if f.option == "in" else "")
        given = [value] if f.parse == "title" else value
        found = kb.query(kind, **{python: given})
        assert found == _cli(kind, f.option, value), (kind, f.option, value)
        assert found.total == len(found)


def test_sort_limit_and_columns_as_on_the_command_line(kb: dt.KnowledgeBase) -> None:
    found = kb.query("deals", sort="-value", limit=3, columns="id,value,value_kind")
    code, out, _ = run_dt(
        "deals",
        "--sort",
        "-value",
        "--limit",
        "3",
        "--columns",
        "id,value,value_kind",
        "--format",
        "json",
    )
    assert found == json.loads(out) and found.total > 3
    assert [set(r) for r in found] == [{"id", "value", "value_kind"}] * 3


def test_the_issue_s_example_query(kb: dt.KnowledgeBase) -> None:
    found = kb.query(
        "deals", min_value=1e9, status="completed", as_of="2019-01-01", value_kind="contract"
    )
    code, out, _ = run_dt(
        "deals",
        "--min-value",
        "1e9",
        "--status",
        "completed",
        "--as-of",
        "2019-01-01",
        "--value-kind",
        "contract",
        "--format",
        "json",
    )
    assert found == json.loads(out)


def test_errors_name_what_is_wrong(kb: dt.KnowledgeBase) -> None:
    with pytest.raises(dt.BadQuery) as bad:
        kb.query("deals", min_value="lots")
    assert bad.value.option == "--min-value" and "is not an amount" in bad.value.message
    with pytest.raises(dt.BadQuery, match="not a filter of deals"):
        kb.query("deals", colour="red")
    with pytest.raises(dt.BadQuery, match="not a kind"):
        kb.query("vessels")
    with pytest.raises(dt.BadQuery, match="no platform 'p-9z'"):
        kb.query("deals", platform="p-9z")
    with pytest.raises(dt.BadQuery, match="is not a field of deals"):
        kb.query("deals", sort="colour")
    with pytest.raises(dt.UnknownId, match="did you mean"):
        kb.get("2015-apache-chinok")
    with pytest.raises(dt.BadQuery, match="not a checkable field"):
        kb.why("2015-apache-chinook", "colour")


def test_get_why_stats_search_and_cite_match_the_command_line(kb: dt.KnowledgeBase) -> None:
    record = "2015-apache-chinook"
    [listed] = [d for d in kb.query("deals") if d["id"] == record]
    assert kb.get(record) == listed
    assert kb.get("inr")["currency"] == "INR"  # a kind that is not listed
    assert kb.why(record, "signed") == json.loads(run_dt("why", record, "signed", "-f", "json")[1])
    assert kb.show(record) == json.loads(run_dt("show", record, "-f", "json")[1])
    assert kb.stats() == json.loads(run_dt("stats", "-f", "json")[1])
    assert kb.search("Javelin") == json.loads(run_dt("search", "Javelin", "-f", "json")[1])
    assert (
        kb.cite(record, "signed", style="ris") == run_dt("cite", record, "signed", "-f", "ris")[1]
    )


def test_an_invalid_folder_raises_with_located_problems(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(GOOD, folder)
    deal = folder / "deals" / "2016-boat-order.yaml"
    deal.write_text(deal.read_text().replace("status: signed", "status: sold"))
    with pytest.raises(dt.InvalidKnowledgeBase) as invalid:
        dt.load(folder)
    [problem] = invalid.value.problems
    assert problem.path.endswith("2016-boat-order.yaml") and problem.field == "status"
    assert problem.line > 1 and problem.code == "invalid-value"
    with pytest.raises(dt.DataDirError):
        dt.load(tmp_path / "nothing-here")


def test_the_library_reads_the_yaml_and_the_cache_alike(tmp_path: Path) -> None:
    fresh = dt.load(GOOD, use_cache=False).query("deals", as_of="2017-01-01")
    cached = dt.load(GOOD).query("deals", as_of="2017-01-01")
    again = dt.load(GOOD).query("deals", as_of="2017-01-01")
    assert fresh == cached == again


def test_to_dataframe(kb: dt.KnowledgeBase) -> None:
    found = kb.query("meetings", year=2020, columns="id,date,kind")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"pip install 'defense-ties\[pandas\]'"):
            found.to_dataframe()
        return
    frame = found.to_dataframe()
    assert list(frame.columns) == ["id", "date", "kind"] and len(frame) == len(found)


def test_importing_the_package_loads_nothing_heavy() -> None:
    script = (
        "import sys, defense_ties; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'rich', 'typer', 'json') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
    assert set(dt.__all__) <= set(dir(dt))
    assert all(getattr(dt, name).__doc__ for name in dt.__all__ if name != "__version__")


def test_the_data_folder_defaults_to_the_bundled_one() -> None:
    assert dt.load().data_dir.resolve() == DATA.resolve()
