"""Incremental load: after an edit, only the files whose stat changed are read again, and every
answer is the one a full read gives (random edits, renames, deletions and additions over a
synthetic knowledge base, each compared with --no-cache)."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from defense_ties.kinds import registry
from defense_ties.reading import loading
from defense_ties.storing import cache

from .conftest import run_dt
from .test_benchmarks import generate

LISTED = [d.name for d in registry() if d.listed]


@pytest.fixture(autouse=True)
def _old_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every edit here changes its file's size, so the recency rule is not needed to see it."""
    monkeypatch.setattr(cache, "RECENT_NS", 0)


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records and table rows in chunks of 8 (not hundreds): this small knowledge base then
    has dozens, and an edit leaves some as they are stored and splices the others."""
    from defense_ties.storing import shelves, tables

    monkeypatch.setattr(shelves, "CHUNK", 8)
    monkeypatch.setattr(tables, "ROWS", 8)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "kb"
    return generate(out, seed=7, total=200)


@pytest.fixture
def kb(synthetic: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kb"
    shutil.copytree(synthetic, path)
    return path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files read and validated (not taken from the cache) by each call."""
    found: list[str] = []
    real = loading._load_file

    def counting(declaration, path, checked, problems):  # type: ignore[no-untyped-def]
        found.append(path)
        return real(declaration, path, checked, problems)

    monkeypatch.setattr(loading, "_load_file", counting)
    return found


def answers(kb: Path, *extra: str) -> dict[tuple[str, ...], tuple[int, str, str]]:
    """What a user sees from the commands that read every kind, with `extra` options."""
    commands: list[tuple[str, ...]] = [(k, "--format", "json", "--limit", "0") for k in LISTED]
    commands += [("stats", "--format", "json"), ("search", "partnership", "--format", "ids")]
    commands += [("show", sorted(p.stem for p in (kb / "meetings").glob("*.yaml"))[0])]
    return {c: run_dt("--data-dir", str(kb), *extra, *c) for c in commands}


def pick(rng: random.Random, kb: Path, kind: str, holding: str = "") -> Path:
    """A random record file of `kind` whose text matches `holding`."""
    files = sorted((kb / kind).glob("*.yaml"))
    return rng.choice([p for p in files if re.search(holding, p.read_text(), re.M)])


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert re.search(old, text, re.M), (path, old)
    path.write_text(re.sub(old, new, text, count=1, flags=re.M))


KINDS_EDITED = {
    "summary": ["meetings"],
    "office-end": ["officials"],
    "source-title": ["sources"],
    "source-published": ["sources"],
    "quote": ["meetings"],
    "rename": ["meetings", "platforms", "officials"],
    "delete": ["meetings", "sources", "deals"],
    "add": ["meetings", "deals", "sources"],
}
EDITED = {  # what the file picked must hold (an official with a full end date ...)
    "summary": r"^summary: >-\n",
    "office-end": r"^(    end: \d{4})-\d\d-\d\d$",
    "source-title": r"^title: .*$",
    "source-published": r"^published: \d{4}-\d\d-\d\d$",
    "quote": r"^    quote: >-\n",
}
MUTATIONS = list(KINDS_EDITED)


def mutate(rng: random.Random, kb: Path, what: str, step: int) -> str | None:
    """One change of a kind a curator makes, to a random file; each changes the size of what
    it touches. Some leave the knowledge base invalid (a dangling reference), as edits do."""
    path = pick(rng, kb, rng.choice(KINDS_EDITED[what]), EDITED.get(what, ""))
    if what == "summary":
        edit_text(path, r"^summary: >-\n", f"summary: >-\n  Edit {step}.\n")
    elif what == "office-end":  # meetings' roles and the not-in-office check read it
        edit_text(path, EDITED[what], r"\1")
    elif what == "source-title":
        edit_text(path, r"^title: .*$", f"title: Retitled {step}")
    elif what == "source-published":  # what a quote's dates without a year are read against
        edit_text(path, EDITED[what], "published: 1999")
    elif what == "quote":  # what the support check reads
        edit_text(path, r"^    quote: >-\n", "    quote: >-\n      Cut.\n")
    elif what == "rename":
        edit_text(path, r"^id: .*$", f"id: renamed-{step}")
        path = path.rename(path.with_name(f"renamed-{step}.yaml"))
    elif what == "delete":
        path.unlink()
        return None
    else:
        copy = path.with_name(f"added-{step}.yaml")
        copy.write_text(
            re.sub(r"^id: .*$", f"id: added-{step}", path.read_text(), count=1, flags=re.M)
        )
        path = copy
    return str(path)


@pytest.mark.parametrize("seed", [1, 2])
def test_answers_after_random_edits_equal_a_full_read(
    kb: Path, reads: list[str], seed: int
) -> None:
    rng = random.Random(seed)
    plan = MUTATIONS * 2
    rng.shuffle(plan)
    assert answers(kb) == answers(kb, "--no-cache")  # and the cache now holds every file
    invalid = 0
    pending: set[str] = set()  # files written since the last state cached (a valid one)
    for step, what in enumerate(plan):
        written = mutate(rng, kb, what, step)
        pending |= {written} if written else set()
        reads.clear()
        incremental = answers(kb)
        # only what changed since the last state cached was read again, nothing else
        assert set(reads) == {p for p in pending if Path(p).exists()}, what
        assert incremental == answers(kb, "--no-cache"), what
        if any(code != 0 for code, _, _ in incremental.values()):
            invalid += 1
        else:
            pending.clear()
    assert 0 < invalid < len(plan)  # both valid states and states with problems were compared


def test_an_edit_is_read_again_and_nothing_else(kb: Path, reads: list[str]) -> None:
    run_dt("--data-dir", str(kb), "meetings")
    path = sorted((kb / "meetings").glob("*.yaml"))[0]
    edit_text(path, r"^summary: >-\n", "summary: >-\n  Edited.\n")
    reads.clear()
    code, out, err = run_dt("--data-dir", str(kb), "meetings", "--format", "json")
    assert code == 0, err
    assert reads == [str(path)]
    assert '"summary": "Edited.' in out


def test_validate_reads_every_file_whatever_the_cache_holds(kb: Path, reads: list[str]) -> None:
    run_dt("--data-dir", str(kb), "meetings")
    edit_text(sorted((kb / "meetings").glob("*.yaml"))[0], r"^summary: >-\n", "summary: >-\n  E.\n")
    reads.clear()
    code, _, err = run_dt("--data-dir", str(kb), "validate")
    assert code == 0, err
    assert len(reads) == len(list(kb.glob("*/*.yaml")))


def test_a_previous_cache_of_another_dt_is_never_reused(
    kb: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_dt("--data-dir", str(kb), "meetings")
    monkeypatch.setattr(cache, "package_stamp", lambda: b"another version of dt")
    edit_text(sorted((kb / "meetings").glob("*.yaml"))[0], r"^summary: >-\n", "summary: >-\n  E.\n")
    reads.clear()
    assert run_dt("--data-dir", str(kb), "meetings")[0] == 0
    assert len(reads) == len(list(kb.glob("*/*.yaml")))


def test_damaged_records_in_the_previous_cache_are_read_again(
    kb: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A models section that does not unpickle (a cache of a bad day) costs a full read of
    that kind, never a wrong answer."""
    fresh = answers(kb, "--no-cache")
    real_write = cache.write

    def spoiled(path, key, sections, *args, **kwargs):  # type: ignore[no-untyped-def]
        return real_write(
            path,
            key,
            ((n, b"\x80not a pickle" if n == "models:meetings" else d) for n, d in sections),
            *args,
            **kwargs,
        )

    monkeypatch.setattr(cache, "write", spoiled)
    run_dt("--data-dir", str(kb), "meetings")
    monkeypatch.setattr(cache, "write", real_write)
    path = sorted((kb / "officials").glob("*.yaml"))[0]
    path.write_text(path.read_text() + "\n")  # a change of size, not of content
    reads.clear()
    assert answers(kb) == fresh
    meetings = {str(p) for p in (kb / "meetings").glob("*.yaml")}
    assert meetings | {str(path)} == set(reads)


@pytest.mark.parametrize("shared", ["file", "folder"])
def test_a_previous_cache_another_user_could_write_is_never_unpickled(
    kb: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch, shared: str
) -> None:
    """Its records are pickles: only a cache nobody else could have written is read."""
    run_dt("--data-dir", str(kb), "meetings")
    path = cache.location(kb)
    target = path if shared == "file" else path.parent
    old = target.stat().st_mode
    target.chmod(0o666 if shared == "file" else 0o777)
    monkeypatch.setattr("pickle.loads", lambda *a, **k: pytest.fail("unpickled"))
    try:
        edit_text(
            sorted((kb / "meetings").glob("*.yaml"))[0], r"^summary: >-\n", "summary: >-\n  E.\n"
        )
        reads.clear()
        assert run_dt("--data-dir", str(kb), "meetings")[0] == 0
    finally:
        target.chmod(old & 0o777)
    assert len(reads) == len(list(kb.glob("*/*.yaml")))


def sections(kb: Path) -> set[str]:
    """The listings the cache of `kb`'s current state holds."""
    scan = cache.scan(kb, [d.name for d in registry()])
    assert scan is not None
    found = cache.read(cache.location(kb), scan.key)
    assert found is not None
    try:
        return {f"table:{k}" for k in LISTED if found.section(f"table:{k}") is not None}
    finally:
        found.close()


def test_a_table_is_built_when_first_listed_then_kept(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit only the listing asked for is built (not every kind's); another is built
    from the cached records when first listed, and kept."""
    from defense_ties.storing import tables

    built: list[str] = []
    real = tables.build_table

    def counting(kb_, declaration):  # type: ignore[no-untyped-def]
        built.append(declaration.name)
        return real(kb_, declaration)

    monkeypatch.setattr(tables, "build_table", counting)
    meetings = run_dt("--data-dir", str(kb), "meetings", "--format", "json")
    assert built == ["meetings"] and sections(kb) == {"table:meetings"}
    deals = run_dt("--data-dir", str(kb), "deals", "--format", "json")
    assert built == ["meetings", "deals"] and sections(kb) == {"table:meetings", "table:deals"}
    assert run_dt("--data-dir", str(kb), "deals", "--format", "json") == deals
    assert run_dt("--data-dir", str(kb), "meetings", "--format", "json") == meetings
    assert built == ["meetings", "deals"]  # both read from the cache now
    assert deals == run_dt("--data-dir", str(kb), "--no-cache", "deals", "--format", "json")


@pytest.mark.parametrize("change", ["rename", "add", "delete"])
def test_every_table_is_kept_across_edits_that_add_remove_or_rename(
    kb: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The ids of a kind change (its parts are spliced, not patched in place): its table and
    every other is still carried to the new state, none built again when next listed, and
    each answer is a full read's."""
    from defense_ties.storing import tables

    for kind in LISTED:
        assert run_dt("--data-dir", str(kb), kind, "--limit", "1")[0] == 0
    rng = random.Random(11)
    path = pick(rng, kb, "meetings")
    if change == "rename":
        edit_text(path, r"^id: .*$", "id: renamed-meeting")
        path.rename(path.with_name("renamed-meeting.yaml"))
    elif change == "add":
        text = re.sub(r"^id: .*$", "id: added-meeting", path.read_text(), count=1, flags=re.M)
        path.with_name("added-meeting.yaml").write_text(text)
    else:
        path.unlink()
    assert run_dt("--data-dir", str(kb), "deals", "--limit", "1")[0] == 0
    assert sections(kb) == {f"table:{k}" for k in LISTED}
    expected = answers(kb, "--no-cache")
    monkeypatch.setattr(tables, "build_table", lambda *a: pytest.fail("built again"))
    assert answers(kb) == expected


def test_a_table_is_never_added_to_a_newer_state(kb: Path) -> None:
    """Another call may have stored a newer state meanwhile: a table of the older one is
    dropped, not written over it."""
    path = cache.location(kb)
    assert cache.write(path, "newer", [("count", 1)], "base")
    before = path.read_bytes()
    assert not cache.extend(path, "older", [("table:deals", ([], [], [], []))])
    assert path.read_bytes() == before
    assert cache.extend(path, "newer", [("table:deals", ([], [], [], []))])
    found = cache.read(path, "newer")
    assert found is not None
    assert found.section("count") == 1 and found.section("table:deals") == ([], [], [], [])
    assert found.base == "base"
    found.close()
    assert cache.extend(path, "newer", [("count", 2)])  # one of the same name wins
    found = cache.read(path, "newer")
    assert found is not None
    assert found.section("count") == 2 and found.section("table:deals") == ([], [], [], [])
    found.close()


def named(kb: Path, kind: str, record_id: str) -> tuple[set[str], set[str]]:
    """The ids a record names, and the ids of the records that name it (a full read)."""
    from defense_ties.core.shape import references

    loaded, problems = loading.load_with_problems(kb)
    assert not problems
    targets = {ref.target for ref in references(loaded.records[kind][record_id])}
    referrers = {r.id for r, _ in loaded.referring(record_id)}
    return targets, referrers


def test_after_an_edit_only_the_rows_that_read_it_are_computed_again(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table row (and each unlisted kind's document) notes what it read: after a
    meeting's summary changes, the rows computed again are its own and those of the records
    it names (each lists the records that name it), no other; the answers are a full read's."""
    from defense_ties.storing import tables

    for kind in LISTED:  # every table in the cache
        assert run_dt("--data-dir", str(kb), kind, "--limit", "1")[0] == 0
    path = pick(random.Random(3), kb, "meetings", EDITED["summary"])
    targets, _ = named(kb, "meetings", path.stem)
    computed: list[str] = []
    real = tables.document

    def counting(kb_, declaration, record):  # type: ignore[no-untyped-def]
        computed.append(record.id)
        return real(kb_, declaration, record)

    monkeypatch.setattr(tables, "document", counting)
    opened: list[str] = []
    real_blob = cache.Cache.blob

    def blob(found, name):  # type: ignore[no-untyped-def]
        opened.append(name)
        return real_blob(found, name)

    monkeypatch.setattr(cache.Cache, "blob", blob)
    edit_text(path, r"^summary: >-\n", "summary: >-\n  Edited.\n")
    assert run_dt("--data-dir", str(kb), "deals", "--limit", "1")[0] == 0
    assert sorted(computed) == sorted({path.stem} | targets)
    # only the parts whose filter may hold what changed had their rows' reads read: those
    # of the rows computed again (and, rarely, one whose filter errs)
    reads = {n for n in opened if n.startswith("reads:") and "#" in n}
    scan = cache.scan(kb, [d.name for d in registry()])
    found = cache.read(cache.location(kb), scan.key) if scan else None
    assert found is not None
    every = [n for n in found.index() if n.startswith("reads:") and "#" in n]
    found.close()
    assert 0 < len(reads) <= len(computed) + 2 and len(every) > 3 * len(reads)
    assert targets & {p.stem for p in (kb / "sources").glob("*.yaml")}  # some documents too
    computed.clear()
    cached = answers(kb)
    assert computed == []  # every table and document came from the cache
    assert cached == answers(kb, "--no-cache")


def test_an_index_over_a_kind_is_kept_until_an_edit_touches_that_kind(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who started or ended a term of each office (an official's support check reads it)
    is built once and kept in the cache: a meeting's edit recomputes the rows of the
    officials it names with the index as stored; an official's edit builds it again. The
    answers are a full read's."""
    from defense_ties.kinds import officials
    from defense_ties.storing import tables

    for kind in LISTED:
        assert run_dt("--data-dir", str(kb), kind, "--limit", "1")[0] == 0
    built: list[int] = []
    real_build, real_document = officials._handovers, tables.document
    computed: list[str] = []

    def building(kb_):  # type: ignore[no-untyped-def]
        built.append(1)
        return real_build(kb_)

    def counting(kb_, declaration, record):  # type: ignore[no-untyped-def]
        computed.append(record.record_kind)
        return real_document(kb_, declaration, record)

    monkeypatch.setattr(officials, "_handovers", building)
    monkeypatch.setattr(tables, "document", counting)
    rng = random.Random(5)
    files = sorted((kb / "meetings").glob("*.yaml"))
    path = rng.choice([p for p in files if named(kb, "meetings", p.stem)[0] & OFFICIALS(kb)])
    edit_text(path, EDITED["summary"], "summary: >-\n  Edited.\n")
    assert run_dt("--data-dir", str(kb), "deals", "--limit", "1")[0] == 0
    assert "officials" in computed  # their rows were computed again ...
    assert built == []  # ... with the index as the cache holds it
    official = rng.choice([p for p in sorted((kb / "officials").glob("*.yaml"))
                           if "\nnotes:" not in p.read_text()])  # fmt: skip
    official.write_text(official.read_text() + "notes: Edited.\n")
    assert run_dt("--data-dir", str(kb), "deals", "--limit", "1")[0] == 0
    assert built == [1]
    assert answers(kb) == answers(kb, "--no-cache")


def OFFICIALS(kb: Path) -> set[str]:  # noqa: N802
    return {p.stem for p in (kb / "officials").glob("*.yaml")}


def test_a_source_edit_reaches_the_rows_whose_support_check_read_it(kb: Path) -> None:
    """A quote's date without a year is read in its source's year: a meeting whose date only
    such a quote states is supported until the source's date moves to another year, and its
    row (computed once, kept across edits) must say so then, as a full read does."""
    import datetime
    import json

    meeting = sorted((kb / "meetings").glob("*.yaml"))[0]
    text = meeting.read_text()
    found = re.search(r"^date: (\S+)$", text, re.M), re.search(r"^  - source: (\S+)$", text, re.M)
    assert found[0] and found[1]
    day = datetime.date.fromisoformat(found[0][1])
    source = kb / "sources" / f"{found[1][1]}.yaml"
    said = f"They met on {day:%B} {day.day}."
    meeting.write_text(
        re.sub(r"(?m)^    quote: >-\n(      .*\n)+", f"    quote: {said}\n", text, count=1)
    )
    edit_text(source, r"^published: .*$", f"published: {day}")

    def unsupported() -> list[str]:
        code, out, err = run_dt("--data-dir", str(kb), "meetings", "--format", "json")
        assert code == 0, err
        return next(m["unsupported"] for m in json.loads(out) if m["id"] == meeting.stem)

    assert "date" not in unsupported()  # stated, in the source's year
    edit_text(source, r"^published: .*$", f"published: {day.year - 3}")
    assert "date" in unsupported()
    assert answers(kb) == answers(kb, "--no-cache")


def test_after_an_edit_only_the_records_whose_checks_read_it_are_checked_again(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The previous state had no problem (a cache is written only then): the records checked
    again are the edited one and those whose checks read it (those that name it, and those it
    names that look at who names them), not the thousands of others."""
    from defense_ties.reading import checks

    assert run_dt("--data-dir", str(kb), "meetings", "--limit", "1")[0] == 0
    path = pick(random.Random(4), kb, "meetings", EDITED["summary"])
    targets, referrers = named(kb, "meetings", path.stem)
    scopes: list[set[str] | None] = []
    real = checks.cross_check

    def recording(kb_, declarations, unloadable=frozenset(), only=None, reads=None):  # type: ignore[no-untyped-def]
        scopes.append(None if only is None else set(only))
        return real(kb_, declarations, unloadable, only, reads)

    monkeypatch.setattr(loading, "cross_check", recording)
    edit_text(path, r"^summary: >-\n", "summary: >-\n  Edited.\n")
    assert run_dt("--data-dir", str(kb), "meetings", "--limit", "1")[0] == 0
    (only,) = scopes
    assert only is not None and path.stem in only
    assert only <= {path.stem} | referrers | targets
    platforms = sorted((kb / "platforms").glob("*.yaml"))
    platform = next(p for p in platforms if named(kb, "platforms", p.stem)[1])
    _, dealers = named(kb, "platforms", platform.stem)
    platform.unlink()  # the deals that name it now dangle
    scopes.clear()
    listing = ("meetings", "--limit", "1")
    code, out, err = run_dt("--data-dir", str(kb), *listing)
    # a problem found, every record is read to report them as a full read does: the same scope
    assert scopes == [dealers | {platform.stem}] * 2  # the deals that named it, and its id
    assert code != 0 and all(d in err for d in dealers)
    assert (code, out, err) == run_dt("--data-dir", str(kb), "--no-cache", *listing)


def test_show_reads_only_the_chunks_of_the_records_it_needs(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm `dt show` unpickles the chunks holding the record and those its page names, not
    every record (chunks of 8 here, so the knowledge base has dozens); the page is a full
    read's."""
    from defense_ties.storing import shelves

    meeting = sorted(p.stem for p in (kb / "meetings").glob("*.yaml"))[0]
    assert run_dt("--data-dir", str(kb), "meetings", "--limit", "1")[0] == 0  # cached
    opened: list[int] = []
    real = shelves.Shelf._part

    def counting(self, n):  # type: ignore[no-untyped-def]
        if n not in self._open:
            opened.append(n)
        return real(self, n)

    monkeypatch.setattr(shelves.Shelf, "_part", counting)
    page = run_dt("--data-dir", str(kb), "show", meeting)
    targets, referrers = named(kb, "meetings", meeting)
    total = sum(-(-len(list((kb / k).glob("*.yaml"))) // 8) for k in ("meetings", "sources"))
    assert 0 < len(opened) <= 1 + len(targets | referrers) < total
    assert page == run_dt("--data-dir", str(kb), "--no-cache", "show", meeting)


def test_an_id_taken_by_another_kind_after_an_edit_is_reported_as_a_full_read_does(
    kb: Path,
) -> None:
    """Only the edited file is read after an edit, so an id it now shares with a record of
    another kind is looked for among the ids the cache holds: found, every record is read and
    the problem reported where a full read reports it."""
    assert run_dt("--data-dir", str(kb), "meetings", "--limit", "1")[0] == 0
    meeting = sorted(p.stem for p in (kb / "meetings").glob("*.yaml"))[0]
    source = sorted((kb / "sources").glob("*.yaml"))[0]
    text = re.sub(r"^id: .*$", f"id: {meeting}", source.read_text(), count=1, flags=re.M)
    (kb / "sources" / f"{meeting}.yaml").write_text(text)
    listing = ("meetings", "--limit", "1")
    code, out, err = run_dt("--data-dir", str(kb), *listing)
    assert code != 0 and "duplicate id" in err
    assert (code, out, err) == run_dt("--data-dir", str(kb), "--no-cache", *listing)
