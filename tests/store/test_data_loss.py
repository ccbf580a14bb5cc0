"""Issue 17, data loss: odd folder names, I/O errors taken for damage, missing or empty files beside a backup,
silent damage inside a JSON value, and a data folder's mode. Each test failed on the code before the fix.

New error classes are imported inside the tests (``StoreError`` is old), so on the old code each test fails on what
happens to the data, not on an import.
"""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from backtrainer.__main__ import main
from backtrainer.paths import DataPaths
from backtrainer.store import backup
from backtrainer.store.errors import StoreError
from backtrainer.store.opening import open_store
from backtrainer.store.summary import home_summary, list_profiles
from tests.app_process import run_app
from tests.services.history_fixture import make_history

NOW = datetime(2026, 3, 9, 8, 30)
BACKUP_AT = datetime(2026, 3, 8, 20, 0)
# Folder names that broke (or could break) the URI "file:{path}?mode=ro": "#" and "?" end the path, "%41" is
# decoded to "A"; spaces and any Unicode must pass unchanged.
ODD_NAMES = ["Clinic #2", "what?now", "%41", "two  spaces ", "Zoë 患者 👩‍⚕️"]


def _with_profiles(root: Path, *names: str) -> DataPaths:
    paths = DataPaths(root)
    open_store(paths, NOW)
    con = sqlite3.connect(paths.db)
    for name in names:
        con.execute("INSERT INTO profile (nickname, created_at, flags, locale, clinic_managed, config, "
                    "assessment_state) VALUES (?, '2026-03-01', '[]', 'en', 0, '{}', '{\"step\": \"about\"}')",
                    (name,))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return paths


def _nicknames(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [row[0] for row in con.execute("SELECT nickname FROM profile ORDER BY id")]
    finally:
        con.close()


# -- item 1: the data folder's name ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_folder_names_keep_the_data_across_restarts(tmp_path: Path, name: str, demo_export: Path) -> None:
    folder = tmp_path / name
    assert main(["import", "--data-dir", str(folder), "--in", str(demo_export)]) == 0
    again = tmp_path / "again.json"
    # The export opens the store again (a restart): the data must still be there, in the folder named.
    assert main(["export", "--data-dir", str(folder), "--profile", "Demo", "--format", "json",
                 "--out", str(again)]) == 0
    assert json.loads(again.read_text())["profile"] == json.loads(demo_export.read_text())["profile"]
    paths = DataPaths(folder)
    open_store(paths, NOW)
    assert [p.nickname for p in list_profiles(paths.db)] == ["Demo"]
    assert not paths.damaged.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "again.json"])  # nothing at a cut path


def test_the_real_start_in_a_folder_with_a_hash_keeps_the_data(tmp_path: Path, demo_export: Path) -> None:
    folder = tmp_path / "Clinic #2"
    assert main(["import", "--data-dir", str(folder), "--in", str(demo_export)]) == 0
    for _ in range(2):
        result = run_app(folder, "--exit-after-paint")
        assert result.returncode == 0, result.stderr
    assert _nicknames(DataPaths(folder).db) == ["Demo"]
    assert not DataPaths(folder).damaged.exists()


@pytest.mark.parametrize("content", ["zero_bytes", "sqlite_without_tables"])
def test_a_database_file_is_moved_aside_never_deleted(tmp_path: Path, content: str) -> None:
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    if content == "zero_bytes":
        paths.db.write_bytes(b"")
    else:
        con = sqlite3.connect(paths.db)
        con.execute("PRAGMA user_version = 7")  # a valid SQLite file with no tables
        con.commit()
        con.close()
    before = paths.db.read_bytes()
    report = open_store(paths, NOW)  # no backup: a new database is created...
    assert report.created
    kept = [p for p in paths.damaged.iterdir() if p.suffix == ".sqlite3"]  # ...and the old file kept aside
    assert len(kept) == 1 and kept[0].read_bytes() == before


# -- item 2: an I/O error is not damage; a failed restore puts the original back ---------------------------------------
class _FailingConnection:
    """A read-only connection whose first statement fails as SQLite does when it cannot make the -shm file."""

    def execute(self, *_args: Any) -> Any:
        exc = sqlite3.OperationalError("disk I/O error")
        exc.sqlite_errorcode = 4874  # type: ignore[attr-defined]  # SQLITE_IOERR_SHMSIZE
        exc.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"  # type: ignore[attr-defined]
        raise exc

    def close(self) -> None:
        pass


def test_an_io_error_at_start_is_not_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _with_profiles(tmp_path / "d", "Ana")
    backup.create_backup(paths.db, paths.backups, BACKUP_AT)
    con = sqlite3.connect(paths.db)
    con.execute("UPDATE profile SET nickname = 'Ana after the backup'")
    con.commit()
    con.close()
    before = paths.db.read_bytes()
    real_connect = sqlite3.connect

    def connect(target: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("uri") and "backtrainer.sqlite3?mode=ro" in str(target):
            return _FailingConnection()
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(StoreError) as raised:
        open_store(paths, NOW)
    from backtrainer.store.errors import DataUnavailableError

    assert isinstance(raised.value, DataUnavailableError)
    monkeypatch.undo()
    assert paths.db.read_bytes() == before  # the healthy database was neither moved nor replaced
    assert not paths.damaged.exists()
    open_store(paths, NOW)  # the disk is fine again: everything is there
    assert _nicknames(paths.db) == ["Ana after the backup"]


def test_a_restore_that_fails_puts_the_original_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _with_profiles(tmp_path / "d", "Ana")
    taken = backup.create_backup(paths.db, paths.backups, BACKUP_AT)
    backup_bytes = taken.read_bytes()
    data = paths.db.read_bytes()
    paths.db.write_bytes(data[:100] + b"\xde\xad\xbe\xef" * (len(data) // 4))
    damaged = paths.db.read_bytes()

    def no_space(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", no_space)
    with pytest.raises(StoreError):
        open_store(paths, NOW)
    monkeypatch.undo()
    assert paths.db.read_bytes() == damaged  # still in place: never a 0-byte or half-copied file
    assert taken.read_bytes() == backup_bytes
    assert not [p.name for p in paths.root.iterdir() if p.name.endswith((".restoring", ".new"))]  # no half copy
    report = open_store(paths, NOW)  # space again: the restore goes through
    assert report.restored_from == BACKUP_AT
    assert _nicknames(paths.db) == ["Ana"]


# -- item 3: a missing or empty database beside a healthy backup ------------------------------------------------------
@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_missing_or_empty_database_offers_the_backup(tmp_path: Path, how: str) -> None:
    paths = _with_profiles(tmp_path / "d", "Ana")
    backup.create_backup(paths.db, paths.backups, BACKUP_AT)
    if how == "missing":
        paths.db.unlink()
    else:
        paths.db.write_bytes(b"")
    with pytest.raises(StoreError) as raised:
        open_store(paths, NOW)
    assert getattr(raised.value, "backup_taken_at", None) == BACKUP_AT  # DatabaseMissingError: the UI asks
    assert paths.db.exists() is (how == "empty") and (how == "missing" or paths.db.stat().st_size == 0)
    from backtrainer.store.opening import restore_newest

    assert restore_newest(paths, NOW) == BACKUP_AT  # the person said yes
    assert _nicknames(paths.db) == ["Ana"]
    if how == "empty":
        kept = [p for p in paths.damaged.iterdir() if p.suffix == ".sqlite3"]
        assert [p.stat().st_size for p in kept] == [0]  # the empty file is kept aside too


def test_the_real_start_with_a_missing_database_does_not_start_empty(tmp_path: Path) -> None:
    paths = _with_profiles(tmp_path / "d", "Ana")
    backup.create_backup(paths.db, paths.backups, BACKUP_AT)
    paths.db.unlink()
    result = run_app(paths.root, "--exit-after-paint")  # no one to ask in this mode: it says so and stops
    assert result.returncode == 3
    assert "backup" in result.stderr
    assert not paths.db.exists()
    assert len(backup.list_backups(paths.backups)) == 1


# -- item 4: one changed byte inside a JSON value ----------------------------------------------------------------------
def _change_one_byte(db: Path, table: str, column: str, where: str) -> None:
    con = sqlite3.connect(db)
    (value,) = con.execute(f"SELECT {column} FROM {table} WHERE {where}").fetchone()
    assert value.startswith("{") or value.startswith("[")
    con.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", ("\x7f" + value[1:],))
    con.commit()
    assert con.execute("PRAGMA quick_check").fetchone() == ("ok",)  # the file itself is fine
    con.close()


def test_a_damaged_json_value_marks_only_its_profile(tmp_path: Path) -> None:
    paths = _with_profiles(tmp_path / "d", "Ana", "Ben", "Cleo")
    ana, ben, cleo = (p.id for p in list_profiles(paths.db))
    con = sqlite3.connect(paths.db)
    con.execute("INSERT INTO event (profile_id, at, day, kind, reasons, payload, actor) "
                "VALUES (?, '2026-03-02T08:00', '2026-03-02', 'note', '[]', '{\"a\": 1}', 'patient')", (cleo,))
    con.commit()
    con.close()
    _change_one_byte(paths.db, "profile", "assessment_state", f"id = {ana}")
    _change_one_byte(paths.db, "event", "payload", f"profile_id = {cleo}")
    profiles = {p.nickname: p for p in list_profiles(paths.db)}  # no exception: the app starts
    assert getattr(profiles["Ana"], "damaged", False) and getattr(profiles["Cleo"], "damaged", False)
    assert not getattr(profiles["Ben"], "damaged", True)
    summary = home_summary(paths.db, ben, "2026-03-09")
    assert summary is not None and summary.assessment_step == "about"  # the others stay usable
    assert home_summary(paths.db, ana, "2026-03-09") is None


def test_the_backup_offered_is_one_where_the_profile_reads_whole(tmp_path: Path) -> None:
    from backtrainer.store.opening import backup_for_profile, restore

    paths = _with_profiles(tmp_path / "d", "Ana", "Ben")
    ana = list_profiles(paths.db)[0].id
    good = backup.create_backup(paths.db, paths.backups, BACKUP_AT)
    _change_one_byte(paths.db, "profile", "assessment_state", f"id = {ana}")
    backup.create_backup(paths.db, paths.backups, datetime(2026, 3, 9, 7, 0))  # already has the damage
    found = backup_for_profile(paths, ana)
    assert found is not None and found.path == good
    restore(paths, found, NOW)
    assert not any(p.damaged for p in list_profiles(paths.db))
    assert len([p for p in paths.damaged.iterdir() if p.suffix == ".sqlite3"]) == 1  # the replaced file is kept


def test_the_real_start_with_a_damaged_profile_does_not_exit(tmp_path: Path) -> None:
    root = tmp_path / "d"
    make_history(root, 7)
    _change_one_byte(DataPaths(root).db, "profile", "assessment_state", "1 = 1")
    result = run_app(root, "--exit-after-paint")
    assert result.returncode == 0, result.stderr
    assert "Expecting value" not in result.stderr


# -- item 13: an existing data folder keeps its mode -------------------------------------------------------------------
def test_an_existing_data_folder_keeps_its_mode(tmp_path: Path, demo_export: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import os

    if os.name != "posix":
        pytest.skip("POSIX permissions")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert main(["import", "--data-dir", str(shared), "--in", str(demo_export)]) == 0
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert "can be read by other users" in capsys.readouterr().err
    result = run_app(shared, "--exit-after-paint")  # the real start too
    assert result.returncode == 0, result.stderr
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert "can be read by other users" in result.stderr
    paths = DataPaths(shared)
    for made in (paths.backups, paths.logs, paths.exports):  # what the app made is user-only
        assert made.stat().st_mode & 0o777 == 0o700
    fresh = DataPaths(tmp_path / "new" / "data")
    fresh.ensure()
    assert fresh.root.stat().st_mode & 0o777 == 0o700
