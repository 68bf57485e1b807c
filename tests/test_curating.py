"""The curator's path: dt new, dt fmt, dt diff, dt log, dt validate --changed, and the hooks
a data repository runs through pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from defense_ties.curating.fmt import canonical
from defense_ties.kinds import declaration
from defense_ties.reading.loading import load_with_problems
from defense_ties.reading.yaml_reader import read_document

from .conftest import DATA, GOOD, REPO, run_dt


def test_the_data_is_in_the_canonical_layout() -> None:
    code, out, err = run_dt("fmt", "--check")
    assert (code, out) == (0, ""), out
    assert err == "dt fmt: 0 files would change\n"


def test_scrambled_key_order_and_quoting_are_restored_with_comments_kept(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "meetings", kb / "meetings")
    path = kb / "meetings" / "2025-10-31-hegseth-rajnath-singh-kuala-lumpur.yaml"
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines()
    head = [line for line in lines if line.startswith(("date:", "kind:", "participants:"))]
    rest = [line for line in lines if line not in head]
    scrambled = (
        "\n".join(["# curated by hand, keep this comment", *head[::-1], *rest])
        .replace("kind: meeting", "kind: 'meeting'")
        .replace(
            "participants: [pete-hegseth, rajnath-singh]",
            'participants:\n- "pete-hegseth"\n- rajnath-singh',
        )
    )
    path.write_text(scrambled + "\n", encoding="utf-8")
    assert run_dt("--data-dir", str(kb), "fmt", "--check")[0] == 1
    code, _, err = run_dt("--data-dir", str(kb), "fmt")
    assert code == 0 and "1 file formatted" in err
    result = path.read_text(encoding="utf-8")
    assert result == "# curated by hand, keep this comment\n" + original
    assert read_document(result.encode()).data == read_document(original.encode()).data


def test_fmt_never_changes_a_value(tmp_path: Path) -> None:
    """Every record of every kind, laid out, reads back as the same data."""
    for path in sorted(DATA.glob("*/*.yaml"))[::7]:
        text = path.read_text(encoding="utf-8")
        model = declaration(path.parent.name).model
        out = canonical(text, model)
        assert read_document(out.encode()).data == read_document(text.encode()).data


def test_new_then_filled_passes_validate_and_fmt(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    code, out, err = run_dt(
        "--data-dir", str(kb), "new", "meeting", "--title", "Diaz Rao New Delhi",
        "--date", "2025-08-01",
    )  # fmt: skip
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "2025-08-01-diaz-rao-new-delhi.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# end_date:" in text and "# required: the day it was held" in text
    assert run_dt("--data-dir", str(kb), "validate")[0] == 1  # placeholders refused
    filled = (
        text.replace("kind: null", "kind: meeting")
        .replace("participants: [null]", "participants: [carl-diaz, bina-rao]")
        .replace("summary: null", "summary: Diaz met Rao in New Delhi.")
        .replace("  - source: null", "  - source: example-2014-08-08-visit")
        .replace("    quote: null", "    quote: Diaz met Rao in New Delhi.")
    )
    path.write_text(filled, encoding="utf-8")
    code, out, err = run_dt("--data-dir", str(kb), "validate")
    assert code == 0, out + err
    assert run_dt("--data-dir", str(kb), "fmt", "--check", str(path))[0] == 0
    code, _, err = run_dt(
        "--data-dir", str(kb), "new", "meeting", "--title", "Diaz Rao New Delhi",
        "--date", "2025-08-01",
    )  # fmt: skip
    assert code == 2 and "is in use" in err and path.read_text(encoding="utf-8") == filled


def test_new_proposes_ids_by_each_kinds_rule(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    for args, expected in (
        (["deal", "--title", "Six P-8I for the Navy", "--date", "2026-03"], "2026-six-p-8i-for-the-navy"),  # noqa: E501
        (["official", "--title", "Jane Doe"], "jane-doe"),
        (["source", "--title", "Deal signed", "--date", "2026-03-04", "--publisher", "The Hindu"],
         "the-hindu-2026-03-04-deal-signed"),
        (["exercise", "--title", "Yudh Abhyas", "--date", "2026-09"], "yudh-abhyas-2026"),
    ):  # fmt: skip
        code, out, err = run_dt("--data-dir", str(kb), "new", *args)
        assert code == 0 and Path(out.strip()).stem == expected, err
    code, _, err = run_dt("--data-dir", str(kb), "new", "meeting", "--title", "x")
    assert code == 2 and "--date" in err
    code, out, err = run_dt("--data-dir", str(kb), "new", "deal", "--from", "2016-boat-order",
                            "--title", "Four more boats", "--date", "2017")  # fmt: skip
    assert code == 0 and "river-boat" in Path(out.strip()).read_text()


# diff and log over a repository made here.


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root / "data")
    assert run_dt("--data-dir", str(root / "data"), "fmt")[0] == 0  # a curated repository
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "curator@example.com")
    _git(root, "config", "user.name", "Curator")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first")
    return root


def _change(root: Path) -> None:
    data = root / "data"
    # added
    source = data / "sources" / "example-2014-08-08-visit.yaml"
    (data / "sources" / "example-2026-01-01-new.yaml").write_text(
        source.read_text().replace("example-2014-08-08-visit", "example-2026-01-01-new")
    )
    # removed
    (data / "deals" / "2014-test-jets.yaml").unlink()
    # renamed: the same content under a new id
    old = data / "platforms" / "river-boat.yaml"
    (data / "platforms" / "river-craft.yaml").write_text(
        old.read_text().replace("id: river-boat", "id: river-craft")
    )
    old.unlink()
    # a milestone's date changed
    deal = data / "deals" / "2016-boat-order.yaml"
    deal.write_text(deal.read_text().replace("date: 2016-03-01", "date: 2016-03-02", 1))


def test_diff_reports_each_kind_of_change_exactly(repo: Path) -> None:
    _change(repo)
    data = str(repo / "data")
    code, out, err = run_dt("--data-dir", data, "diff", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert (found["from"], found["to"]) == ("HEAD", "work tree")
    assert found["added"] == [{"kind": "sources", "id": "example-2026-01-01-new"}]
    assert found["removed"] == [{"kind": "deals", "id": "2014-test-jets"}]
    assert found["renamed"] == [{"kind": "platforms", "from": "river-boat", "to": "river-craft"}]
    [changed] = found["changed"]
    assert changed["id"] == "2016-boat-order"
    assert changed["fields"] == [
        {"field": "milestones.signed.date", "old": "2016-03-01", "new": "2016-03-02"}
    ]
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "second: new source, boat order redated")
    assert json.loads(run_dt("--data-dir", data, "diff", "HEAD~1", "HEAD", "-f", "json")[1]) == {
        **found,
        "from": "HEAD~1",
        "to": "HEAD",
    }
    code, markdown, _ = run_dt("--data-dir", data, "diff", "HEAD~1", "HEAD", "-f", "markdown")
    assert "### Renamed (1)" in markdown and "`river-boat` → `river-craft`" in markdown
    assert "`milestones.signed.date`: `2016-03-01` → `2016-03-02`" in markdown
    code, table, _ = run_dt("--data-dir", data, "diff", "HEAD~1", "HEAD")
    assert "~ deals/2016-boat-order" in table and "+ sources/example-2026-01-01-new" in table


def test_diff_names_a_file_it_cannot_read_and_never_takes_it_for_a_removal(repo: Path) -> None:
    data = repo / "data"
    deal = data / "deals" / "2016-boat-order.yaml"
    deal.write_text(deal.read_text() + "\tbroken: [\n")  # a tab: not YAML dt reads
    platform = data / "platforms" / "river-boat.yaml"
    platform.unlink()
    os.mkfifo(platform)  # a FIFO where a record was: never opened for reading
    code, out, err = run_dt("--data-dir", str(data), "diff", "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert (found["removed"], found["changed"]) == ([], [])
    assert [(u["kind"], u["id"], u["at"]) for u in found["unreadable"]] == [
        ("deals", "2016-boat-order", "work tree"),
        ("platforms", "river-boat", "work tree"),
    ]
    assert "not a regular file" in found["unreadable"][1]["reason"]
    table = run_dt("--data-dir", str(data), "diff")[1]
    assert "! deals/2016-boat-order: not read at work tree (" in table
    markdown = run_dt("--data-dir", str(data), "diff", "--format", "markdown")[1]
    assert "### Not read (2): left out of this comparison" in markdown


def test_log_lists_the_commits_that_touched_a_record(repo: Path) -> None:
    _change(repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "second: boat order redated")
    data = str(repo / "data")
    code, out, _ = run_dt("--data-dir", data, "log", "2016-boat-order", "--format", "json")
    assert code == 0
    assert [c["subject"] for c in json.loads(out)] == ["second: boat order redated", "first"]
    code, out, _ = run_dt("--data-dir", data, "log", "2014-test-jets", "--format", "json")
    assert [c["subject"] for c in json.loads(out)] == ["second: boat order redated", "first"]
    code, out, _ = run_dt("--data-dir", data, "log", "carl-diaz", "--format", "json")
    assert [c["subject"] for c in json.loads(out)] == ["first"]
    code, _, err = run_dt("--data-dir", data, "diff", "no-such-rev")
    assert code == 2 and "no-such-rev" in err


def test_validate_changed_reports_what_validate_reports_for_the_file(repo: Path) -> None:
    data = repo / "data"
    assert run_dt("--data-dir", str(data), "validate", "--changed")[0] == 0
    call = data / "meetings" / "2025-07-01-diaz-rao-call.yaml"
    call.write_text(call.read_text().replace("date: 2025-07-01", "date: 2025-07-02"))
    deal = data / "deals" / "2016-boat-order.yaml"
    deal.write_text(deal.read_text().replace("status: signed", "status: sold"))
    (data / "officials" / "bina-rao.yaml").unlink()  # the meetings and deals naming her
    full = run_dt("--data-dir", str(data), "validate")
    quick = run_dt("--data-dir", str(data), "validate", "--changed")
    assert full[0] == quick[0] == 1
    assert set(quick[1].splitlines()[:-1]) <= set(full[1].splitlines())
    assert any("dangling-reference" in line for line in quick[1].splitlines())
    assert any(
        "2016-boat-order.yaml" in line and "status" in line for line in quick[1].splitlines()
    )


def test_validate_changed_warns_as_validate_does(repo: Path) -> None:
    data = repo / "data"
    call = data / "meetings" / "2025-07-01-diaz-rao-call.yaml"
    call.write_text(call.read_text().replace("date: 2025-07-01", "date: 2025-07-02"))
    full = run_dt("--data-dir", str(data), "validate")
    quick = run_dt("--data-dir", str(data), "validate", "--changed")
    wanted = [line for line in full[1].splitlines() if "diaz-rao-call" in line]
    assert quick[0] == full[0] == 0 and quick[1].splitlines() == wanted
    assert quick[2].startswith("ok: 1 changed record, no errors; warnings: 1 unsupported")


def test_the_hooks_file_meets_pre_commits_schema_and_its_hooks_run(repo: Path) -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert {h["id"] for h in hooks} == {"dt-validate", "dt-fmt"}
    import re
    import shlex

    for hook in hooks:
        files = [p for p in _git(repo, "ls-files").splitlines() if re.search(hook["files"], p)]
        assert files, hook["id"]
        args = [*shlex.split(hook["entry"])[1:], *hook["args"]]
        if hook["pass_filenames"]:
            args += [str(repo / f) for f in files]
        code, out, err = run_dt(*args) if hook["id"] == "dt-fmt" else _in(repo, args)
        assert code == 0, (hook["id"], out, err)


def _in(repo: Path, args: list[str]) -> tuple[int, str, str]:
    import os

    old = os.getcwd()
    os.chdir(repo)
    try:
        return run_dt(*args)
    finally:
        os.chdir(old)


def test_the_fixture_loads_after_the_tests_edit_copies_only() -> None:
    assert load_with_problems(GOOD)[1] == []
