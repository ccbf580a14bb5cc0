"""No network, ever: the app's start runs under an audit hook that fails on any socket use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GUARD = r'''
import sys

def _guard(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        sys.stderr.write(f"NETWORK ACCESS: {event} {args!r}\n")
        sys.stderr.flush()
        import os
        os._exit(97)

sys.addaudithook(_guard)
'''


def run_guarded(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", GUARD + code], capture_output=True, text=True, env=env,
                          timeout=120, cwd=tmp_path)


def test_guard_catches_sockets(tmp_path: Path) -> None:
    result = run_guarded("import socket\nsocket.socket()\n", tmp_path)
    assert result.returncode == 97
    assert "NETWORK ACCESS" in result.stderr


def test_app_start_opens_no_socket(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from backtrainer.__main__ import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path / 'd')!r}, '--exit-after-paint']))\n"
    )
    result = run_guarded(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "NETWORK ACCESS" not in result.stderr


SESSION_AND_EXPORT = r'''
import sys
from datetime import datetime, timedelta
from pathlib import Path

from backtrainer.paths import DataPaths
from backtrainer.services.assessment import AboutYou, AssessmentService, MovementAnswers
from backtrainer.services.clock import FixedClock
from backtrainer.services.exchange import export_csv, export_json
from backtrainer.services.profiles import ProfileService
from backtrainer.services.report import write_report
from backtrainer.services.training import CheckinInput, ExerciseResultInput, FinishedSession, TrainingService
from backtrainer.store.db import Database
from backtrainer.store.opening import open_store
from backtrainer.core.screening import QUESTION_IDS
from backtrainer.core.bodymap import MarkedRegion

root = Path(sys.argv[1])
paths = DataPaths(root)
now = datetime(2026, 3, 9, 8, 30)
open_store(paths, now)
db = Database(paths.db)
clock = FixedClock(now)
pid = ProfileService(db, clock).create("Net", accept_notice=True).id
assess = AssessmentService(db, clock)
assess.start(pid)
assess.save_about(pid, AboutYou(nickname="Net", age=40, first_episode=False, pain_weeks=8, emergency_number="999",
                                country="UK"))
assess.save_screening(pid, {q: "NO" for q in QUESTION_IDS})
assess.save_body_map(pid, [MarkedRegion("LOW_BACK_C", frozenset({"ACHING"}), 5)])
assess.save_questionnaire(pid, "NPRS", {"value": 4})
assess.save_movement_test(pid, MovementAnswers("MT-BRIDGE", pain_before=3, timer_s=40.0,
                                               answers={"end_reason": "form_lost", "pain_after": 3}))
assess.accept_plan(pid)
training = TrainingService(db, clock)
training.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
started = training.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
assert started.plan is not None and started.plan.items
results = tuple(ExerciseResultInput(i.exercise_id, i.dose.sets * i.dose.reps, i.dose.sets * i.dose.reps, 3, 4, "good")
                for i in started.plan.items)
done = FinishedSession(now, now + timedelta(minutes=25), 3, 2, None, started.plan.kind.value, results)
training.preview_next(pid, done)
training.finish_session(pid, done, started=started)
out = root / "exports"
export_json(db, pid, out / "profile.json")
export_csv(db, pid, out / "csv")
write_report(db, pid, out / "report.pdf", today=now.date(), now=now)
print("DONE")
'''


def test_a_whole_session_and_the_exports_open_no_socket(tmp_path: Path) -> None:
    code = SESSION_AND_EXPORT.replace("sys.argv[1]", repr(str(tmp_path / "d")))
    result = run_guarded(code, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "DONE" in result.stdout
    assert "NETWORK ACCESS" not in result.stderr
    assert (tmp_path / "d" / "exports" / "report.pdf").stat().st_size > 1000
