"""Time from opening an exercise to its first video frame (goal: under 150 ms).

Each run is a fresh process (offscreen) with the app's QApplication and theme, like a user's first exercise of the
day: a VideoPlayer is created and given a built-in clip (assets/videos), and the clock runs until its firstFrame
signal. "cold" includes importing QtMultimedia and loading the FFmpeg backend (the first exercise after start);
"warm" is the next exercise in the same process (a new VideoPlayer and clip, QtMultimedia already loaded); the
"preloaded" row imports QtMultimedia on a worker thread before the exercise is opened (the fix proposed for the
cold case). Medians of N processes.
Usage: python benchmarks/video_first_frame.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def child(preload: bool) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from backtrainer.paths import videos_dir
    from backtrainer.ui import theme
    from backtrainer.ui.widgets.video_player import VideoPlayer

    app = QApplication(sys.argv[:1])
    theme.apply(app, "light", 1.0)
    clips = sorted(videos_dir().glob("*.webm"))
    if preload:
        import threading

        worker = threading.Thread(target=lambda: __import__("PySide6.QtMultimedia"))
        worker.start()
        worker.join()

    def open_exercise(clip: Path) -> float:
        loop = QEventLoop()
        start = time.perf_counter()
        player = VideoPlayer()
        player.resize(640, 360)
        player.firstFrame.connect(loop.quit)
        player.fallbackUsed.connect(loop.quit)
        player.show()
        player.set_source(clip)
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
        elapsed = (time.perf_counter() - start) * 1000
        if player.current_image() is None:
            elapsed = float("nan")
        player.stop()
        player.deleteLater()
        return elapsed

    cold = open_exercise(clips[0])
    warm = open_exercise(clips[1])
    print(json.dumps({"cold": cold, "warm": warm}))
    app.quit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=("plain", "preload"))
    args = parser.parse_args()
    if args.child:
        child(args.child == "preload")
        return
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: dict[str, list[float]] = {"cold": [], "warm": [], "preloaded": []}
    for mode in ("plain", "preload"):
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--child", mode], env=env, capture_output=True,
                                 text=True, timeout=120, check=True).stdout
            r = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
            if mode == "plain":
                results["cold"].append(r["cold"])
                results["warm"].append(r["warm"])
            else:
                results["preloaded"].append(r["cold"])
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"open an exercise -> first video frame: cold {med['cold']:.0f} ms (first exercise after start, imports "
          f"QtMultimedia), warm {med['warm']:.0f} ms (next exercise), preloaded {med['preloaded']:.0f} ms "
          f"(QtMultimedia imported in the background first); median of {args.runs}; goal < 150 ms")
    if args.json:
        print("JSON:", json.dumps([
            {"name": "exercise opened -> first video frame, first of the day (cold)", "value": med["cold"],
             "unit": "ms", "detail": f"{med['cold']:.0f} ms", "goal": 150.0},
            {"name": "exercise opened -> first video frame, next exercise (warm)", "value": med["warm"],
             "unit": "ms", "detail": f"{med['warm']:.0f} ms", "goal": 150.0},
            {"name": "  first of the day, QtMultimedia preloaded in the background", "value": med["preloaded"],
             "unit": "ms", "detail": f"{med['preloaded']:.0f} ms", "goal": 150.0},
        ]))


if __name__ == "__main__":
    main()
