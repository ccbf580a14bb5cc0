"""Peak RSS at the home screen (goal <= 120 MiB) and during a playing session (goal <= 200 MiB).

Each case is a fresh process (offscreen) that runs the real start-up (backtrainer.bootstrap.run) on a data dir with
3 years of history, peak RSS taken with os.wait4:

* home screen: start, first screen with data painted, the background start-up work (daily backup, Today's plan)
  done, 3 s idle, quit;
* playing session: the same, then an exercise video plays (looping) for 8 s inside the app's window. The session
  page drives the same VideoPlayer widget; this driver opens the player directly (a proxy for the session page,
  which needs a scripted check-in to reach its video).
Usage: python benchmarks/rss.py [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import offscreen_env, timed
from gen_history import generate


def child(data_dir: str, mode: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from backtrainer import bootstrap
    from backtrainer.__main__ import build_parser

    app = QApplication(sys.argv[:1])

    def play() -> None:
        from backtrainer.paths import videos_dir
        from backtrainer.ui.widgets.video_player import VideoPlayer

        window = next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow))
        player = VideoPlayer(window)
        player.setGeometry(200, 100, 640, 360)
        player.show()
        player.set_source(sorted(videos_dir().glob("*.webm"))[0])
        QTimer.singleShot(8000, app.quit)

    if mode == "home":
        QTimer.singleShot(3000, app.quit)
    else:
        QTimer.singleShot(3000, play)
    return bootstrap.run(build_parser().parse_args(["--data-dir", data_dir]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("DATA_DIR", "MODE"))
    args = parser.parse_args()
    if args.child:
        sys.exit(child(*args.child))
    tmp = Path(tempfile.mkdtemp(prefix="bt-bench-rss-"))
    try:
        generate(tmp / "data", years=3.0)
        peaks = {}
        for mode in ("home", "playing"):
            runs = [timed([sys.executable, __file__, "--child", str(tmp / "data"), mode], offscreen_env())
                    for _ in range(args.runs)]
            bad = [r.returncode for r in runs if r.returncode != 0]
            if bad:
                raise SystemExit(f"{mode}: exit codes {bad}")
            peaks[mode] = max(r.peak_rss_mib for r in runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"peak RSS, home screen (3-year data dir, idle 3 s): {peaks['home']:.0f} MiB (goal <= 120)")
    print(f"peak RSS, video playing 8 s in the app window: {peaks['playing']:.0f} MiB (goal <= 200)")
    if args.json:
        print("JSON:", json.dumps([
            {"name": "peak RSS, home screen (3-year data dir)", "value": peaks["home"], "unit": "MiB",
             "detail": f"{peaks['home']:.0f} MiB", "goal": 120.0},
            {"name": "peak RSS, playing an exercise video", "value": peaks["playing"], "unit": "MiB",
             "detail": f"{peaks['playing']:.0f} MiB", "goal": 200.0},
        ]))


if __name__ == "__main__":
    main()
