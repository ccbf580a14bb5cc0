"""Child process for test_crash: saves sessions in a loop, printing each id after its commit returns."""

from __future__ import annotations

import sys
from pathlib import Path

from backtrainer.store.db import Database
from backtrainer.store.session_records import ExerciseResultData, SessionData
from backtrainer.store.session_repo import SessionRepo


def main() -> None:
    db = Database(Path(sys.argv[1]))
    profile_id = int(sys.argv[2])
    repo = SessionRepo(db)
    results = tuple(ExerciseResultData(f"EX-{i}", "GLU", 2, 1, 20, 20, 3, 4, "good") for i in range(8))
    n = 0
    while True:
        n += 1
        day = f"2026-01-{(n % 28) + 1:02d}"
        sid = repo.save_session(profile_id, SessionData(day=day, started_at=f"{day}T10:00:00",
                                                        finished_at=f"{day}T10:20:00", pre_pain=3, post_pain=2,
                                                        completed=True, minutes=20.0, results=results))
        print(sid, flush=True)


if __name__ == "__main__":
    main()
