"""The PyInstaller bundle: build it from build.spec, then smoke-run it offscreen (make bundle-test).

Skipped unless BACKTRAINER_BUNDLE_TEST=1 (``make bundle-test`` sets it), so ``make test`` stays fast. With
BACKTRAINER_BUNDLE_PREBUILT=1 the existing dist/BackTrainer is tested without rebuilding it. Prints the build time
and the bundle size.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "BackTrainer"
EXE = DIST / ("BackTrainer.exe" if sys.platform == "win32" else "BackTrainer")
INTERNAL = DIST / "_internal"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(os.environ.get("BACKTRAINER_BUNDLE_TEST") != "1",
                       reason="builds the bundle: run `make bundle-test` (BACKTRAINER_BUNDLE_TEST=1)"),
]


def _size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


@pytest.fixture(scope="module")
def bundle() -> Path:
    if os.environ.get("BACKTRAINER_BUNDLE_PREBUILT") != "1" or not EXE.exists():
        pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) or "pyinstaller"
        start = time.perf_counter()
        subprocess.run([pyinstaller, "--noconfirm", "--clean", "--log-level", "WARN", "build.spec"], cwd=ROOT,
                       check=True, timeout=1800)
        print(f"\nbundle build time: {time.perf_counter() - start:.0f} s")
    assert EXE.exists(), f"{EXE} was not built"
    print(f"bundle size: {_size_mib(DIST):.0f} MiB ({DIST})")
    return EXE


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKTRAINER_", "PYTHON"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def test_bundle_starts_and_creates_the_database(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = subprocess.run([str(bundle), "--exit-after-paint", "--data-dir", str(data)], env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = data / "backtrainer.sqlite3"
    assert db.is_file()
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"profile", "session", "exercise_result", "event", "alembic_version"} <= tables
    finally:
        con.close()
    # a second start on the same folder (existing database) works too
    again = subprocess.run([str(bundle), "--exit-after-paint", "--data-dir", str(data)], env=_env(),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr[-3000:]


def test_bundle_version(bundle: Path) -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    proc = subprocess.run([str(bundle), "--version"], env=_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"BackTrainer {version}"


def test_bundle_holds_content_assets_and_the_ffmpeg_plugin(bundle: Path) -> None:
    pkg = INTERNAL / "backtrainer"
    for rel in ("content/safety.toml", "content/exercises.toml", "content/messages/progression.toml",
                "store/schema.sql", "store/migrations/env.py", "store/migrations/script.py.mako",
                "store/migrations/versions/0001_initial.py"):
        assert (pkg / rel).is_file(), rel
    src_videos = sorted(p.name for p in (ROOT / "assets" / "videos").iterdir() if p.is_file())
    bundled_videos = sorted(p.name for p in (INTERNAL / "assets" / "videos").iterdir() if p.is_file())
    assert bundled_videos == src_videos
    assert (INTERNAL / "assets" / "icons" / "backtrainer.png").is_file()
    plugins = INTERNAL / "PySide6" / "Qt" / "plugins" if sys.platform != "win32" else INTERNAL / "PySide6" / "plugins"
    assert list((plugins / "multimedia").glob("*ffmpegmediaplugin*")), "QtMultimedia's FFmpeg plugin is missing"
    assert list((plugins / "platforms").glob("*offscreen*"))
    for unused in ("QtWebEngineCore", "Qt3DCore", "QtCharts", "QtBluetooth", "QtPdf"):
        assert not list(INTERNAL.rglob(f"{unused}*")), f"{unused} should be left out"
    assert not (INTERNAL / "av").exists(), "PyAV is a build-time tool, not part of the app"


def test_bundle_self_check_plays_a_video_and_draws_charts(bundle: Path) -> None:
    """tools/pyi_rth_selfcheck.py, inside the frozen app: content, store + Alembic, matplotlib, first video frame."""
    proc = subprocess.run([str(bundle)], env=_env(BACKTRAINER_SELFCHECK="1"), capture_output=True, text=True,
                          timeout=180)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, proc.stdout + proc.stderr[-3000:]
    report = json.loads(lines[-1])
    print("self-check:", report)
    assert report["frozen"] is True
    assert report["ok"], report["errors"]
    assert proc.returncode == 0
    assert report["assets"]["dir"].startswith(str(INTERNAL))
    assert report["video"]["size"][0] > 0
