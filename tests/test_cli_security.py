"""Issue 17, the command line: exports never overwrite the data folder's own files and are user-only; a PIN never
comes from argv and meets the app's lock-out; an import with clinician-only fields needs the clinician's PIN;
messages give real sizes."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from backtrainer.__main__ import main
from backtrainer.paths import DataPaths
from backtrainer.services import pin_gate
from backtrainer.services.pin import hash_pin
from tests.services.history_fixture import make_history


@pytest.fixture(autouse=True)
def _fresh_attempts() -> None:
    pin_gate._attempts.clear()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    make_history(root, 14, nickname="Kim")
    return root


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text + "\n"))


def export(data: Path, out: Path, fmt: str = "json", *extra: str) -> int:
    return main(["export", "--data-dir", str(data), "--profile", "Kim", "--format", fmt, "--out", str(out), *extra])


def _digests(root: Path) -> dict[str, bytes]:
    # the folder lock (issue 17 item 6) is the one file a command may make; it holds no data
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != "backtrainer.lock"}


def test_export_never_overwrites_the_data_folder_s_own_files(data: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 17 item 5: ``--out <data>/backtrainer.sqlite3`` overwrote the live database."""
    paths = DataPaths(data)
    (paths.backups).mkdir(exist_ok=True)
    (paths.settings).write_text('theme = "dark"\n')
    link = tmp_path / "innocent.json"
    link.symlink_to(paths.db)
    before = _digests(data)
    targets = [(paths.db, "json"), (data / "backtrainer.sqlite3-wal", "json"),
               (data / "backtrainer.sqlite3-shm", "pdf"), (paths.backups / "x.sqlite3", "json"),
               (paths.settings, "json"), (paths.lock, "pdf"),
               (data, "csv"), (paths.backups, "csv"), (link, "json"), (data / "logs" / ".." / "settings.toml", "json")]
    for out, fmt in targets:
        assert export(data, out, fmt) == 2, out
        err = capsys.readouterr().err
        assert "inside the BackTrainer data folder" in err and "Nothing was written" in err
    assert _digests(data) == before  # nothing overwritten, nothing added
    assert export(data, paths.exports / "kim.json") == 0  # its exports folder is fine
    assert export(data, tmp_path / "elsewhere.json") == 0


def test_exports_are_user_only(data: Path, tmp_path: Path) -> None:
    """Issue 17 item 11: CLI exports were 0644 (JSON, PDF) and 0755 (CSV folders)."""
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    old = os.umask(0o022)
    try:
        assert export(data, tmp_path / "k.json") == 0
        assert export(data, tmp_path / "k.pdf", "pdf") == 0
        assert export(data, tmp_path / "k-csv", "csv") == 0
    finally:
        os.umask(old)
    assert (tmp_path / "k.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "k.pdf").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "k-csv").stat().st_mode & 0o777 == 0o700
    csvs = list((tmp_path / "k-csv").iterdir())
    assert len(csvs) == 11 and all(p.stat().st_mode & 0o777 == 0o600 for p in csvs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "k-csv", "k.json", "k.pdf"]  # no .part left


def test_pin_never_from_argv_and_the_lock_out_is_the_app_s(data: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17 item 9: ``--pin`` showed in ps and had no lock-out (7 wrong tries, no wait, nothing recorded)."""
    con = sqlite3.connect(DataPaths(data).db)
    with con:
        con.execute("UPDATE profile SET pin_hash = ?", (hash_pin("2468"),))
    con.close()
    out = tmp_path / "k.json"
    assert export(data, out, "json", "--pin", "2468") == 2
    assert "--pin is not accepted" in capsys.readouterr().err and not out.exists()
    results = []
    for _ in range(7):
        stdin(monkeypatch, "1111")
        results.append((export(data, out, "json", "--pin-stdin"), capsys.readouterr().err))
    assert all(code == 2 for code, _ in results)
    assert "not right" in results[0][1] and all("wait" in err for _, err in results[4:])
    con = sqlite3.connect(DataPaths(data).db)
    try:
        failures, until = con.execute("SELECT failures, locked_until FROM pin_lockout").fetchone()
    finally:
        con.close()
    assert failures >= 5 and until  # recorded where the app reads it
    pin_gate._attempts.clear()  # a new process
    stdin(monkeypatch, "2468")
    assert export(data, out, "json", "--pin-stdin") == 2 and "wait" in capsys.readouterr().err  # even the right PIN
    assert not out.exists()


def test_the_right_pin_from_stdin_exports(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = sqlite3.connect(DataPaths(data).db)
    with con:
        con.execute("UPDATE profile SET pin_hash = ?", (hash_pin("2468"),))
    con.close()
    stdin(monkeypatch, "2468")
    assert export(data, tmp_path / "k.json", "json", "--pin-stdin") == 0
    assert json.loads((tmp_path / "k.json").read_text())["profile"]["nickname"] == "Kim"


def test_import_with_forged_clinician_fields(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17 item 8 through the command line: without the clinician's PIN the fields are left out and it says so;
    with ``--clinician c1 --pin-stdin`` they are kept and the clinic's audit file has a line."""
    from backtrainer.services.clinic import AUDIT_FILE, ClinicService
    from backtrainer.services.clock import SystemClock
    from backtrainer.store.db import Database

    assert export(data, tmp_path / "k.json") == 0
    doc = json.loads((tmp_path / "k.json").read_text())
    doc["profile"]["config"] = {"pain_ceiling_C": 6}
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(doc))
    new = DataPaths(tmp_path / "clinic")
    assert main(["import", "--data-dir", str(new.root), "--in", str(forged)]) == 0
    assert "were left out" in capsys.readouterr().out
    db = Database(new.db)
    try:
        ClinicService(db, new, SystemClock()).enable("Clinic", "Dr C", "482913")
    finally:
        db.dispose()
    stdin(monkeypatch, "000000")
    assert main(["import", "--data-dir", str(new.root), "--in", str(forged), "--clinician", "c1", "--pin-stdin"]) == 2
    assert "not right" in capsys.readouterr().err
    stdin(monkeypatch, "482913")
    assert main(["import", "--data-dir", str(new.root), "--in", str(forged), "--clinician", "c1", "--pin-stdin"]) == 0
    assert "left out" not in capsys.readouterr().out
    con = sqlite3.connect(new.db)
    try:
        configs = [json.loads(r[0]) for r in con.execute("SELECT config FROM profile ORDER BY id")]
    finally:
        con.close()
    assert configs == [{}, {"pain_ceiling_C": 6}]
    assert '"action": "profile_imported"' in (new.root / AUDIT_FILE).read_text()


def test_a_200_mb_import_says_its_real_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 17 item 16: it said "(20 MB)"."""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    assert main(["import", "--data-dir", str(tmp_path / "d"), "--in", str(big)]) == 2
    err = capsys.readouterr().err
    assert "(200 MB)" in err and "at most 20 MB" in err
    made = sorted(p.name for p in (tmp_path / "d").rglob("*") if p.is_file()) if (tmp_path / "d").exists() else []
    assert made in ([], ["backtrainer.lock"])  # refused before any data was made (only the folder lock may exist)
