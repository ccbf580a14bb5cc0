"""PyInstaller run-time hook: a bundle self-check, active only when ``BACKTRAINER_SELFCHECK=1`` is set.

build.spec adds this file as a run-time hook. Without the variable it does nothing. With it, the bundled app starts
as ``BackTrainer --version`` (prints the version, exits) and, once every other run-time hook and the app's own
start-up code have run, an ``atexit`` handler checks inside the frozen bundle that:

* the content (TOML, validated with pydantic) and the assets folder are found through ``backtrainer.paths``;
* a new database is created from ``store/schema.sql``, and Alembic runs the migration scripts from an empty file;
* matplotlib draws on the QtAgg canvas and writes a PDF;
* QtMultimedia (FFmpeg plugin) decodes the first frame of a built-in exercise video into the app's VideoPlayer.

It prints one JSON line (``{"ok": true, ...}``) and exits 0 when everything passed, 1 otherwise. tests/test_bundle.py
uses it; a clinic's IT can use it too (``BACKTRAINER_SELFCHECK=1 QT_QPA_PLATFORM=offscreen ./BackTrainer``).
"""

from __future__ import annotations

import os
import sys


def _check() -> dict[str, object]:  # pragma: no cover - runs inside the frozen bundle
    import io
    import json
    import tempfile
    import time
    from datetime import datetime
    from pathlib import Path

    out: dict[str, object] = {"frozen": bool(getattr(sys, "frozen", False))}
    errors: list[str] = []

    def step(name: str, fn: object) -> None:
        start = time.perf_counter()
        try:
            out[name] = fn()  # type: ignore[operator]
        except Exception as exc:
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
        out[f"{name}_ms"] = round((time.perf_counter() - start) * 1000, 1)

    from backtrainer import paths

    def hashing() -> object:  # PINs and hand-off codes use scrypt, which needs OpenSSL's libcrypto
        import hashlib

        return len(hashlib.scrypt(b"1234", salt=b"salt", n=2**14, r=8, p=1, dklen=32))

    def content() -> object:
        from backtrainer.content.exercises import load_library
        from backtrainer.content.safety import load_safety

        load_safety()
        return len(load_library().exercises)

    def assets() -> object:
        videos = sorted(paths.videos_dir().glob("*.webm"))
        manifest = paths.videos_dir() / "manifest.json"
        if not videos or not manifest.is_file():
            raise FileNotFoundError(f"no videos or manifest in {paths.videos_dir()}")
        return {"dir": str(paths.assets_dir()), "videos": len(videos)}

    tmp = Path(tempfile.mkdtemp(prefix="bt-selfcheck-"))

    def store() -> object:
        from backtrainer.store.migrate import script_head, upgrade
        from backtrainer.store.opening import open_store

        open_store(paths.DataPaths(tmp / "data"), datetime.now())
        upgrade(tmp / "alembic.sqlite3")  # every migration script, from an empty file
        return script_head()

    def charts() -> object:
        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(4, 3))
        fig.add_subplot().plot([0, 1, 2], [3, 1, 2])
        FigureCanvasQTAgg(fig).draw()
        buf = io.BytesIO()
        FigureCanvasPdf(fig).print_pdf(buf)
        return len(buf.getvalue())

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    step("hashing", hashing)
    step("content", content)
    step("assets", assets)
    step("store", store)
    step("charts", charts)

    def video() -> object:
        from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

        from backtrainer.ui.widgets.video_player import VideoPlayer

        clip = sorted(paths.videos_dir().glob("*.webm"))[0]
        player = VideoPlayer()
        player.resize(480, 270)
        player.show()
        loop = QEventLoop()
        player.firstFrame.connect(loop.quit)
        player.fallbackUsed.connect(lambda notice: (errors.append(f"video: {notice}"), loop.quit()))
        QTimer.singleShot(10000, loop.quit)
        clock = QElapsedTimer()
        clock.start()
        player.set_source(clip)
        loop.exec()
        image = player.current_image()
        if image is None or image.isNull() or player.state.value not in ("playing", "paused"):
            raise RuntimeError(f"no frame decoded from {clip.name} (state {player.state.value})")
        result = {"clip": clip.name, "first_frame_ms": clock.elapsed(), "size": [image.width(), image.height()]}
        player.stop()
        return result

    step("video", video)
    del app
    out["ok"] = not errors
    out["errors"] = errors
    print(json.dumps(out), flush=True)
    return out


def _run_at_exit() -> None:  # pragma: no cover - runs inside the frozen bundle
    try:
        ok = bool(_check().get("ok"))
    except BaseException as exc:
        print(f'{{"ok": false, "errors": ["selfcheck crashed: {type(exc).__name__}"]}}', flush=True)
        ok = False
    sys.stdout.flush()
    os._exit(0 if ok else 1)


if os.environ.get("BACKTRAINER_SELFCHECK") == "1":
    import atexit

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.argv[1:] = ["--version"]
    atexit.register(_run_at_exit)
