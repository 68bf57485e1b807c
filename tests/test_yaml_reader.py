"""The safe YAML reader: YAML 1.1 traps, positions, and arbitrary input never crashing."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from defense_ties.reading.loading import load_with_problems
from defense_ties.reading.yaml_reader import YamlProblem, read_document

from .conftest import GOOD


def read(text: str) -> dict:
    return read_document(text.encode()).data


def test_yaml_1_1_booleans_stay_text():
    assert read("a: NO\nb: yes\nc: on\nd: Off\ne: true\n") == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": "Off",
        "e": True,
    }


def test_dates_stay_text_for_the_models_to_parse():
    assert read("a: 2025-07-01\nb: 2025-07\nc: 2025\n") == {
        "a": "2025-07-01",
        "b": "2025-07",
        "c": 2025,
    }


def test_exponents_are_floats_that_remember_their_spelling():
    value = read("a: 1.4e9\n")["a"]
    assert value == 1.4e9 and repr(value) == "1.4e9"


def test_underscored_integers_and_quoted_numbers():
    assert read("a: 1_400_000_000\nb: '1e9'\nc: 0\n") == {"a": 1_400_000_000, "b": "1e9", "c": 0}


def test_positions_of_keys_and_values_are_one_based():
    doc = read_document(b"id: x\nlist:\n  - a: 1\n")
    assert doc.marks[("list", 0, "a")] == ((3, 5), (3, 8))
    assert doc.locate(("list", 0, "a", "missing")) == (3, 8)


def test_billion_laughs_is_refused_before_expansion():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    try:
        read("\n".join(lines))
    except YamlProblem as exc:
        assert (exc.code, exc.mark) == ("anchor", (1, 4))
    else:
        raise AssertionError("anchors must be refused")


def _refusal(text: str) -> tuple[str, tuple[int, int], str]:
    try:
        read(text)
    except YamlProblem as exc:
        return exc.code, exc.mark, exc.field
    raise AssertionError(f"{text!r} must be refused")


@pytest.mark.parametrize(
    "text",
    [
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)),  # block style
        "- " * 40 + "x\n",  # on the first line
    ],
)
def test_deep_nesting_is_refused(text):
    assert _refusal(text)[0] == "too-deep"


def test_each_refusal_names_its_field_and_position():
    # the data is built without positions; a refusal finds its node again to place it
    assert _refusal("id: x\nlist:\n  - a: 1\n    b: !!binary aGk=\n") == (
        "tag",
        (4, 8),
        "list[0].b",
    )
    assert _refusal("id: x\nlist:\n  - a: 1\n  - ? [k]\n    : 1\n") == (
        "bad-key",
        (4, 7),
        "list[1]",
    )
    assert _refusal("? [k]\n: 1\n") == ("bad-key", (1, 3), "yaml")
    assert _refusal("id: x\nm:\n  a: 1\n  b: 2\n  a: 3\n") == ("duplicate-key", (5, 3), "m.a")
    assert _refusal('id: x\nm:\n  "a\\eb": 1\n') == ("control-character", (3, 3), "m")
    assert _refusal("id: x\nm: [1, 2, 007]\n") == ("leading-zero", (2, 11), "m[2]")


def _write_and_load(tmp_path, text: bytes):
    import shutil

    kb = tmp_path / "kb"
    if kb.exists():
        shutil.rmtree(kb)
    shutil.copytree(GOOD, kb)
    (kb / "meetings" / "2025-07-01-diaz-rao-call.yaml").write_bytes(text)
    return load_with_problems(kb)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=yaml_values)
def test_arbitrary_yaml_structures_load_clean_or_report_located_problems(tmp_path, value):
    text = yaml.safe_dump(value, allow_unicode=True).encode()
    kb, problems = _write_and_load(tmp_path, text)
    assert problems or "2025-07-01-diaz-rao-call" in kb.meetings
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.code


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_raise(tmp_path, raw):
    kb, problems = _write_and_load(tmp_path, raw)
    assert problems  # a record needs fields no random text supplies
    assert all(p.line >= 1 for p in problems)


def test_text_marks_equal_parsed_marks_for_every_checkable_field():
    """The quick locator (used for many warnings) finds what parsing finds, or nothing."""
    from pathlib import Path

    from defense_ties.kinds import declaration
    from defense_ties.reading.loading import load_with_problems
    from defense_ties.reading.yaml_reader import read_document, text_mark

    from .conftest import DATA, GOOD

    found = 0
    for folder in (DATA, GOOD):
        kb, problems = load_with_problems(folder)
        assert problems == []
        for record in kb:
            path = Path(folder) / record.record_kind / f"{record.id}.yaml"
            claims = list(declaration(record.record_kind).claims(kb, record))
            if not claims:
                continue
            text, doc = path.read_text(encoding="utf-8"), read_document(path.read_bytes())
            for claim in claims:
                quick = text_mark(text.split("\n"), claim.path)
                assert quick is None or quick == doc.locate(claim.path), (path, claim.path)
                found += quick is not None
    assert found > 1500


def test_without_libyaml_records_read_the_same(monkeypatch):
    """PyYAML built without libyaml: its own parser gives the same data and positions."""
    import sys

    from defense_ties.reading import yaml_reader

    from .conftest import DATA

    with_libyaml = [
        (path.read_bytes(), read_document(path.read_bytes()))
        for path in sorted((DATA / "meetings").glob("*.yaml"))[:20]
    ]
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)  # the import now fails
    pure = yaml_reader._parser_class()
    assert pure.__module__ == yaml_reader.__name__  # not libyaml's
    methods = {k: v for k, v in vars(yaml_reader.CoreLoader).items() if callable(v)}
    monkeypatch.setattr(yaml_reader, "CoreLoader", type("PureCore", (pure,), methods))
    for raw, doc in with_libyaml:
        again = read_document(raw)
        assert (again.data, again.marks) == (doc.data, doc.marks)
    assert _refusal("id: x\nm: [1, 2, 007]\n") == ("leading-zero", (2, 11), "m[2]")
