"""A generated history (benchmarks/gen_history.py) in a temporary data dir, for the progress/report/exchange tests."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
END = date(2026, 11, 24)


def make_history(root: Path, days: int = 91, *, leg: bool = True, seed: int = 7, nickname: str = "Demo") -> int:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    from gen_history import generate

    return int(generate(root, days / 365, seed, nickname, leg=leg, end=END))
