"""`backtrainer export` / `backtrainer import`: headless, exit codes 0 / 2, plain messages, no PySide6."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backtrainer.__main__ import main
from tests.services.history_fixture import make_history


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "data"
    make_history(root, 30)
    return root


def test_export_import_round_trip(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.json"
    assert main(["export", "--data-dir", str(data), "--profile", "Demo", "--format", "json", "--out", str(out)]) == 0
    new = tmp_path / "new"
    assert main(["import", "--data-dir", str(new), "--in", str(out)]) == 0
    again = tmp_path / "q.json"
    assert main(["export", "--data-dir", str(new), "--profile", "Demo", "--format", "json", "--out", str(again)]) == 0
    second = json.loads(again.read_text())
    kinds = [e["kind"] for e in second["tables"]["event"]]
    assert kinds.count("profile_imported") == 1  # every import is logged (issue 17)
    second["tables"]["event"] = [e for e in second["tables"]["event"] if e["kind"] != "profile_imported"]
    assert json.loads(out.read_text()) == second
    assert "imported profile 'Demo'" in capsys.readouterr().out


def test_csv_and_pdf(data: Path, tmp_path: Path) -> None:
    assert main(["export", "--data-dir", str(data), "--profile", "Demo", "--format", "csv",
                 "--out", str(tmp_path / "csv")]) == 0
    assert (tmp_path / "csv" / "checkin.csv").is_file()
    assert main(["export", "--data-dir", str(data), "--profile", "Demo", "--format", "pdf",
                 "--out", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_bad_input_exits_2_with_a_plain_message(data: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--data-dir", str(data), "--profile", "Nobody", "--format", "json",
                 "--out", str(tmp_path / "x.json")]) == 2
    assert "no profile called 'Nobody'" in capsys.readouterr().err
    assert main(["export", "--data-dir", str(tmp_path / "none"), "--profile", "Demo", "--format", "json",
                 "--out", str(tmp_path / "x.json")]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "backtrainer-profile", "version": 1}))
    assert main(["import", "--data-dir", str(tmp_path / "d2"), "--in", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not a valid BackTrainer export" in err and "Traceback" not in err
    assert main(["export", "--data-dir", str(data)]) == 2
    assert main(["import", "--data-dir", str(data), "--in", str(tmp_path / "missing.json")]) == 2


def with_pin(monkeypatch: pytest.MonkeyPatch, pin: str) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(pin + "\n"))


def test_pin_protected_profile(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from backtrainer.paths import DataPaths
    from backtrainer.services.pin import hash_pin

    root = tmp_path / "pin"
    make_history(root, 7, nickname="Kim")
    con = sqlite3.connect(DataPaths(root).db)
    with con:
        con.execute("UPDATE profile SET pin_hash = ?", (hash_pin("2468"),))
    con.close()
    args = ["export", "--data-dir", str(root), "--profile", "Kim", "--format", "json", "--out", str(tmp_path / "k")]
    assert main(args) == 2 and "has a PIN" in capsys.readouterr().err
    with_pin(monkeypatch, "1111")
    assert main([*args, "--pin-stdin"]) == 2 and "not right" in capsys.readouterr().err
    with_pin(monkeypatch, "2468")
    assert main([*args, "--pin-stdin"]) == 0
    assert "pin_hash" not in json.loads((tmp_path / "k").read_text())["profile"]


def test_commands_do_not_import_pyside6(data: Path, tmp_path: Path) -> None:
    code = ("import sys; from backtrainer.__main__ import main; "
            f"rc = main(['export', '--data-dir', {str(data)!r}, '--profile', 'Demo', '--format', 'pdf', "
            f"'--out', {str(tmp_path / 'r.pdf')!r}]); "
            "print(rc, any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("0 False")
