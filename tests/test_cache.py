"""The cache of the validated knowledge base: same answers as the YAML, never stale, never
broken by a damaged file, a crash, a rival process or a cache folder it cannot write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from defense_ties.kinds import names
from defense_ties.storing import cache
from defense_ties.storing.store import CachedStore, LoadedStore, open_store
from defense_ties.storing.tables import KindTable

from .conftest import DATA, FIXTURES, GOOD, run_dt

LISTINGS = ["meetings", "officials", "platforms", "deals", "agreements"]


@pytest.fixture(autouse=True)
def _old_enough(monkeypatch) -> None:
    """Fixture copies are made a moment before each test: treat them as old enough to cache
    (the recency rule has its own test below)."""
    monkeypatch.setattr(cache, "RECENT_NS", 0)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A private copy of the good fixture knowledge base."""
    path = tmp_path / "kb"
    shutil.copytree(GOOD, path)
    return path


def cache_files() -> list[Path]:
    folder = cache.cache_dir()
    return sorted(folder.glob("kb-*")) if folder.is_dir() else []


def dt(data: Path, *args: str) -> str:
    code, out, err = run_dt("--data-dir", str(data), *args)
    assert code == 0, err
    return out


def first_meeting(data: Path) -> Path:
    return sorted((data / "meetings").glob("*.yaml"))[0]


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("fmt", ["json", "csv", "table", "markdown", "ids"])
def test_cached_answers_equal_fresh_answers_on_the_real_data(listing: str, fmt: str) -> None:
    fresh = dt(DATA, "--no-cache", listing, "--format", fmt, "--limit", "0")
    assert cache_files() == []
    first = dt(DATA, listing, "--format", fmt, "--limit", "0")  # builds the cache
    assert len(cache_files()) == 1
    cached = dt(DATA, listing, "--format", fmt, "--limit", "0")  # reads it
    assert fresh == first == cached
    assert len(fresh.splitlines()) > 5


@pytest.mark.parametrize(
    "args",
    [
        ("show", "p-8i"),
        ("show", "pete-hegseth", "--format", "json"),
        ("search", "Javelin", "--format", "json"),
        ("timeline", "--since", "2025", "--format", "csv"),
        ("stats", "--format", "json"),
        ("meetings", "--official", "pete-hegseth", "--format", "ids"),
        ("deals", "--min-value", "1e9", "--platform", "p-8i", "--format", "csv"),
        ("officials", "--as-of", "2014-08-08", "--format", "ids"),
        ("agreements", "--as-of", "2019-01-01", "--format", "ids"),
        ("platforms", "--as-of", "2010", "--operator", "IN", "--format", "ids"),
    ],
)
def test_commands_that_need_the_models_answer_the_same_from_the_cache(args: tuple) -> None:
    fresh = dt(DATA, "--no-cache", *args)
    dt(DATA, *args)
    assert dt(DATA, *args) == fresh


def test_the_cached_models_equal_the_loaded_ones() -> None:
    loaded, _ = open_store(DATA, use_cache=False)
    open_store(DATA)
    cached, problems = open_store(DATA)
    assert isinstance(loaded, LoadedStore) and isinstance(cached, CachedStore)
    assert problems == []
    assert cached.knowledge_base().records == loaded.knowledge_base().records
    for kind in ("meetings", "deals"):
        assert cached.table(kind) == loaded.table(kind)


def test_an_edited_file_is_seen_at_once(kb: Path) -> None:
    path = first_meeting(kb)
    before = dt(kb, "meetings", "--format", "json")
    text = path.read_text()
    assert "summary: " in text
    path.write_text(text.replace("summary: ", "summary: EDITED ", 1))
    after = dt(kb, "meetings", "--format", "json")
    assert "EDITED" in after and "EDITED" not in before


def test_a_same_size_edit_with_the_old_mtime_is_seen(kb: Path) -> None:
    path = first_meeting(kb)
    dt(kb, "meetings", "--format", "json")
    stat = path.stat()
    text = path.read_text()
    edited = text.replace("summary: Adams", "summary: Xdams", 1)
    assert len(edited) == len(text) and edited != text
    path.write_text(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert '"summary": "Xdams' in dt(kb, "meetings", "--format", "json")


def test_a_state_changed_a_moment_ago_is_cached_only_once_it_is_old_enough(
    kb: Path, monkeypatch
) -> None:
    """Within one clock tick a rewrite can keep size, mtime and ctime, which the key cannot
    see: so a folder changed within RECENT_NS is read but not cached, until it is older."""
    monkeypatch.setattr(cache, "RECENT_NS", 2_000_000_000)
    scan = cache.scan(kb, names())
    assert scan is not None and scan.recent  # the copy was just made
    assert isinstance(open_store(kb)[0], LoadedStore)
    assert isinstance(open_store(kb)[0], LoadedStore)  # still recent: nothing was written
    assert not cache.location(kb).exists()
    monkeypatch.setattr(cache, "RECENT_NS", -(10**18))  # as if the files were old now
    assert isinstance(open_store(kb)[0], LoadedStore)
    assert isinstance(open_store(kb)[0], CachedStore)


def test_the_key_covers_only_what_the_loader_reads(kb: Path) -> None:
    """A data folder inside a git repository: `git status` rewrites .git/index, a README
    changes; neither is a record, so the cache stays warm."""
    (kb / ".git").mkdir()
    (kb / ".git" / "index").write_bytes(b"one")
    dt(kb, "meetings", "--format", "ids")
    assert isinstance(open_store(kb)[0], CachedStore)
    (kb / ".git" / "index").write_bytes(b"two, longer")
    (kb / "README.md").write_text("notes")
    (kb / "meetings" / ".swp").write_text("an editor's file")
    assert isinstance(open_store(kb)[0], CachedStore)


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_added_removed_and_renamed_files_invalidate(kb: Path, change: str) -> None:
    before = set(dt(kb, "meetings", "--format", "ids").split())
    victim = first_meeting(kb)
    if change == "add":
        text = victim.read_text().replace(f"id: {victim.stem}", "id: 2030-01-01-new-meeting")
        (kb / "meetings" / "2030-01-01-new-meeting.yaml").write_text(text)
    elif change == "remove":
        victim.unlink()
    else:
        victim.rename(victim.with_name("2030-01-01-renamed.yaml"))
    code, out, err = run_dt("--data-dir", str(kb), "meetings", "--format", "ids")
    if change == "rename":  # the id no longer matches the file name: reported, not served
        assert code == 1 and "2030-01-01-renamed.yaml" in err and out == ""
    elif change == "add":
        assert set(out.split()) == before | {"2030-01-01-new-meeting"}
    else:
        assert set(out.split()) == before - {victim.stem}


def test_a_new_version_of_dt_invalidates(kb: Path, monkeypatch) -> None:
    open_store(kb)
    assert isinstance(open_store(kb)[0], CachedStore)
    monkeypatch.setattr(cache, "package_stamp", lambda: b"another build of dt")
    assert isinstance(open_store(kb)[0], LoadedStore)


@pytest.mark.parametrize("damage", ["truncate", "flip", "older-format", "empty", "garbage"])
def test_a_damaged_cache_is_ignored_and_rebuilt(kb: Path, damage: str) -> None:
    expected = dt(kb, "deals", "--format", "json")
    path = cache.location(kb)
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "flip":
        middle = len(raw) - 200
        path.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :])
    elif damage == "older-format":
        path.write_bytes(b"defense-ties cache 0\n" + raw[len(cache.MAGIC) :])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(os.urandom(5000))
    assert dt(kb, "deals", "--format", "json") == expected
    assert path.read_bytes()[: len(cache.MAGIC)] == cache.MAGIC  # rebuilt
    assert isinstance(open_store(kb)[0], CachedStore)


def test_a_crash_while_writing_leaves_no_file_and_the_call_succeeds(kb: Path, monkeypatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", crash)
    assert "Officials" in dt(kb, "officials", "--format", "table")
    assert cache_files() == []  # neither the cache nor its temporary file


def test_an_unwritable_cache_location_only_costs_speed(kb: Path, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    code, out, err = run_dt("--data-dir", str(kb), "officials", "--format", "ids")
    assert code == 0 and err == "" and len(out.split()) >= 2


def test_no_cache_option_and_environment_variable_bypass_it(kb: Path, monkeypatch) -> None:
    dt(kb, "--no-cache", "officials")
    assert cache_files() == []
    monkeypatch.setenv("DT_NO_CACHE", "1")
    dt(kb, "officials")
    assert cache_files() == []
    monkeypatch.delenv("DT_NO_CACHE")
    dt(kb, "officials")
    assert len(cache_files()) == 1


def test_an_invalid_knowledge_base_is_never_cached(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(GOOD, broken)
    shutil.copytree(FIXTURES / "broken" / "bad-references", broken, dirs_exist_ok=True)
    first = run_dt("--data-dir", str(broken), "validate")
    assert first[0] == 1 and "dangling-reference" in first[1]
    assert cache_files() == []
    assert run_dt("--data-dir", str(broken), "validate") == first


def test_the_cache_lives_outside_the_data_folder(kb: Path) -> None:
    before = sorted(p.relative_to(kb) for p in kb.rglob("*"))
    dt(kb, "meetings")
    assert sorted(p.relative_to(kb) for p in kb.rglob("*")) == before
    (path,) = cache_files()
    assert path.parent == Path(os.environ["XDG_CACHE_HOME"]) / "defense-ties"


def test_validate_reads_a_fresh_cache(kb: Path) -> None:
    assert run_dt("--data-dir", str(kb), "validate")[2].startswith("ok: ")
    code, out, err = run_dt("--data-dir", str(kb), "validate")
    assert (code, out) == (0, "") and err.startswith("ok: ")


def test_concurrent_processes_share_one_cache_safely(kb: Path) -> None:
    """Six cold processes at once: each answers correctly and the cache left behind is whole."""
    old = 10**9  # the copy was made a moment ago: stamp its files as long unchanged
    for path in kb.rglob("*"):
        os.utime(path, ns=(old, old))
    time.sleep(2.1)  # their ctime is now, which no process may write; wait until it is not
    expected = dt(kb, "--no-cache", "deals", "--format", "json")
    command = [sys.executable, "-c", "from defense_ties.entry import main; main()"]
    args = ["--data-dir", str(kb), "deals", "--format", "json"]
    procs = [
        subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6
    assert all(out.decode() == expected and err == b"" for out, err in results)
    files = cache_files()
    assert len(files) == 1 and files[0].suffix == ".bin"  # no temporary file left over
    assert isinstance(open_store(kb)[0], CachedStore)
    assert dt(kb, "deals", "--format", "json") == expected


def test_validate_never_trusts_the_cache(tmp_path, monkeypatch):
    """`dt validate` reads every file even with a fresh cache: it may look at the cache's
    header (to leave a fresh cache alone) but never uses a cached record."""
    from defense_ties.reading import loading
    from defense_ties.storing import cache as cache_module

    kb = tmp_path / "kb"
    shutil.copytree(GOOD, kb)
    assert run_dt("--data-dir", str(kb), "officials", "--format", "ids")[0] == 0  # warm
    read = []
    real = loading.load_with_problems
    monkeypatch.setattr(loading, "load_with_problems", lambda *a: read.append(1) or real(*a))
    monkeypatch.setattr(
        cache_module.Cache, "section", lambda *a: pytest.fail("validate used the cache")
    )
    code, _, err = run_dt("--data-dir", str(kb), "validate")
    assert (code, read) == (0, [1]) and err.startswith("ok: 13 records")


def _listing_blob() -> Path:
    [found] = sorted(cache.cache_dir().glob("listings-*.bin"))
    return found


def test_a_damaged_listing_spec_is_rebuilt_never_used(kb: Path) -> None:
    expected = dt(kb, "deals", "--format", "csv").splitlines()[0]
    path = _listing_blob()
    raw = path.read_bytes()
    at = raw.index(b"value_kind")  # one byte of a column name: the CSV header would change
    path.write_bytes(raw[:at] + b"V" + raw[at + 1 :])
    assert dt(kb, "deals", "--format", "csv").splitlines()[0] == expected
    assert cache.read_blob(path) is not None  # rebuilt whole


def test_a_truncated_help_page_is_never_served(kb: Path) -> None:
    from io import StringIO

    from defense_ties import entry

    def help_page() -> str:
        out, old = StringIO(), sys.stdout
        sys.stdout = out
        try:
            assert entry.run(["deals", "--help"]) == 0
        finally:
            sys.stdout = old
        return out.getvalue()

    expected = help_page()
    [page] = sorted(cache.cache_dir().glob("help-*.bin"))
    page.write_bytes(page.read_bytes()[:-40])
    assert help_page() == expected


def test_a_cache_another_user_can_write_is_not_trusted(kb: Path) -> None:
    """A poisoned cache, valid in every byte, is served only while nobody else could have
    written it: group- or world-writable, the file or its folder, it is read from the YAML."""
    expected = dt(kb, "deals", "--format", "ids")
    store = open_store(kb)[0]
    assert isinstance(store, CachedStore)
    path = cache.location(kb)
    key = cache.scan(kb, names())
    assert key is not None
    loaded = open_store(kb, use_cache=False)[0]
    assert isinstance(loaded, LoadedStore)

    def poisoned():
        yield from loaded.sections(key)
        t = loaded.table("deals")
        bad = [("poisoned", *row[1:]) for row in t.rows]
        yield "table:deals", KindTable(t.ids, t.keys, bad, t.docs).data()

    assert cache.write(path, key.key, poisoned())
    assert dt(kb, "deals", "--format", "ids") != expected  # the test can tell: served as is
    for target, mode in ((path, 0o666), (path.parent, 0o777)):
        assert cache.write(path, key.key, poisoned())
        old = target.stat().st_mode
        target.chmod(mode)
        try:
            assert dt(kb, "deals", "--format", "ids") == expected
        finally:
            target.chmod(old & 0o777)


def test_validate_leaves_a_fresh_cache_alone(kb: Path) -> None:
    assert run_dt("--data-dir", str(kb), "validate")[0] == 0
    path = cache.location(kb)
    before = path.stat()
    assert run_dt("--data-dir", str(kb), "validate")[0] == 0
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    first_meeting(kb).write_text(first_meeting(kb).read_text() + "\n")  # a change: rewritten
    assert run_dt("--data-dir", str(kb), "validate")[0] == 0
    assert path.stat().st_ino != before.st_ino


def _state(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_size


def _every_listing(kb: Path) -> dict[str, str]:
    return {kind: dt(kb, kind, "--format", "json", "--limit", "0") for kind in LISTINGS}


def test_an_edit_is_appended_to_the_cache_a_reader_of_the_earlier_state_reads_on(
    kb: Path,
) -> None:
    """After an edit the new state's sections are appended to the cache file, with a header
    of their own: what the edit did not change stays where it is (not copied, not written
    again), and a call that opened the file before reads the earlier state on."""
    _every_listing(kb)
    path = cache.location(kb)
    inode, size = _state(path)
    earlier = cache.read(path, cache.scan(kb, names()).key)
    assert earlier is not None
    deals = KindTable.read(earlier, "table:deals")
    edited = first_meeting(kb)
    edited.write_text(edited.read_text().replace("summary: ", "summary: Edited. ", 1))
    assert _every_listing(kb) == {
        kind: dt(kb, "--no-cache", kind, "--format", "json", "--limit", "0") for kind in LISTINGS
    }
    assert _state(path)[0] == inode and size < _state(path)[1] < size * 3 // 2
    now = cache.read(path, cache.scan(kb, names()).key)
    assert now is not None and now.index()["ids:sources"] == earlier.index()["ids:sources"]
    assert KindTable.read(earlier, "table:deals") == deals  # the earlier state, whole
    earlier.close()
    now.close()


def test_a_cache_file_mostly_of_earlier_states_is_written_anew(kb: Path, monkeypatch) -> None:
    _every_listing(kb)
    path = cache.location(kb)
    inode, _ = _state(path)
    monkeypatch.setattr(cache, "COMPACT", 0)  # any byte no header names is too many
    monkeypatch.setattr(cache, "UNNAMED", 0)
    edited = first_meeting(kb)
    edited.write_text(edited.read_text() + "\n")
    expected = _every_listing(kb)
    assert _state(path)[0] != inode
    found = cache.read(path, cache.scan(kb, names()).key)
    assert found is not None and found.end == len(cache.MAGIC) + found.live()  # nothing else
    found.close()
    assert expected == _every_listing(kb)


@pytest.mark.parametrize("failure", ["disk-full", "interrupted"])
def test_a_failed_append_leaves_the_cache_as_it_was(kb: Path, monkeypatch, failure: str) -> None:
    _every_listing(kb)
    path = cache.location(kb)
    before = path.read_bytes()
    real = cache._finish

    def failing(*args: object) -> None:
        if failure == "interrupted":
            raise KeyboardInterrupt
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "_finish", failing)
    edited = first_meeting(kb)
    edited.write_text(edited.read_text().replace("summary: ", "summary: Edited. ", 1))
    expected = dt(kb, "--no-cache", "meetings", "--format", "json")
    if failure == "interrupted":
        with pytest.raises(KeyboardInterrupt):
            open_store(kb)
    else:
        assert dt(kb, "meetings", "--format", "json") == expected
    assert path.read_bytes() == before  # the earlier state, readable as it was
    monkeypatch.setattr(cache, "_finish", real)
    assert dt(kb, "meetings", "--format", "json") == expected
    assert isinstance(open_store(kb)[0], CachedStore)


def test_a_cache_another_call_is_appending_to_is_written_anew(kb: Path) -> None:
    import fcntl

    _every_listing(kb)
    path = cache.location(kb)
    inode, _ = _state(path)
    edited = first_meeting(kb)
    edited.write_text(edited.read_text() + "\n")
    with open(path, "rb") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)  # as a call appending to it holds it
        assert dt(kb, "meetings", "--format", "ids")
    assert _state(path)[0] != inode
    assert isinstance(open_store(kb)[0], CachedStore)


def test_a_cache_file_that_is_a_link_is_replaced_never_appended_through(kb: Path) -> None:
    """The new state is never appended through a symbolic link: the link is replaced by a
    file (as atomic.replacing does) and what it pointed to is left as it was."""
    _every_listing(kb)
    path = cache.location(kb)
    target = path.with_name("elsewhere.bin")
    path.rename(target)
    path.symlink_to(target.name)
    before = target.read_bytes()
    edited = first_meeting(kb)
    edited.write_text(edited.read_text().replace("summary: ", "summary: Edited. ", 1))
    expected = dt(kb, "--no-cache", "meetings", "--format", "json")
    assert dt(kb, "meetings", "--format", "json") == expected
    assert target.read_bytes() == before
    assert not path.is_symlink() and path.is_file()
    assert isinstance(open_store(kb)[0], CachedStore)
