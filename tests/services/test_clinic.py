"""Clinic mode: clinician PINs with slow-down, clinician actions (logged, one transaction each), the engine leaving a
locked chain alone, red-flag clearing, instrument packs, and the end-of-loan wipe that leaves nothing behind."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from backtrainer import log as app_log
from backtrainer import settings as app_settings
from backtrainer.paths import DataPaths
from backtrainer.services import clinic as clinic_mod
from backtrainer.services import pin_gate
from backtrainer.services.assessment import PACKS_FOLDER, AssessmentService
from backtrainer.services.clinic import ChainChange, ClinicError, ClinicService, PinLockedError, WrongPinError
from backtrainer.services.clock import FixedClock
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta
from backtrainer.services.training import CheckinInput, ExerciseResultInput, FinishedSession, TrainingService
from backtrainer.store import backup
from backtrainer.store.db import Database
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.tables import BodyMapRecord, BodyMapRegion, Profile, QuestionnaireResponse, Screening

MONDAY = datetime(2026, 3, 9, 8, 30)
START = [("MC", "MC-02", 2), ("QX", "EX-02a", 2), ("LAT", "LT-01b", 2), ("GLU", "GL-01b", 2),
         ("HNG", "FN-01a", 1), ("SQT", "FN-03b", 2)]
PIN = "482913"
NICK = "Zelda Quortenbyx"  # a name that cannot appear by chance
FIXTURE_PACK = Path(__file__).resolve().parents[1] / "fixtures" / "instrument_pack_fixture.toml"


@pytest.fixture(autouse=True)
def _fresh_attempts() -> None:
    pin_gate._attempts.clear()


@pytest.fixture
def log_file(data_paths: DataPaths) -> Iterator[Path]:
    path = app_log.setup(data_paths.logs, logging.INFO)
    yield path
    root = logging.getLogger("backtrainer")
    for handler in list(root.handlers):
        if getattr(handler, "_backtrainer", False):
            root.removeHandler(handler)
            handler.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def service(store_db: Database, data_paths: DataPaths, clock: FixedClock) -> ClinicService:
    svc = ClinicService(store_db, data_paths, clock)
    svc.enable("Riverside Physio", "Dr Ana Example", PIN)
    return svc


def make_patient(db: Database, name: str = NICK) -> int:
    pid = ProfileRepo(db).create(name, now="2026-03-01T08:00:00", notice_accepted=True).id
    SessionRepo(db).save_plan(pid, [ChainState(c, e, lv, 0, "2026-03-01") for c, e, lv in START],
                              now="2026-03-01T08:00:00")
    with db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.age = 44
        p.assessment_state = {"done": True}
        p.plan_meta = PlanMeta(plan_start=MONDAY.date() - timedelta(days=7)).dump()
        s.add(p)
    return pid


def plan(db: Database, pid: int) -> dict[str, tuple[str, int, int, bool, bool]]:
    return {c.chain: (c.exercise_id, c.level, c.step, c.included, c.locked) for c in SessionRepo(db).plan(pid)}


def meta(db: Database, pid: int) -> PlanMeta:
    with db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        return load_plan_meta(p.plan_meta)


# -- clinic mode and PINs ---------------------------------------------------------------------------------------------
def test_enabling_clinic_mode_stores_a_hashed_pin_and_a_handoff_code(service: ClinicService,
                                                                      data_paths: DataPaths) -> None:
    from backtrainer.store.tables import Clinician, ClinicInfo

    with service.db.session_scope() as s:  # in the database since revision 0003, not in settings.toml
        info = s.get(ClinicInfo, 1)
        rows = list(s.exec(select(Clinician)).all())
    assert info is not None and info.clinic_name == "Riverside Physio"
    assert [c.id for c in rows] == ["c1"]
    assert PIN not in rows[0].pin_hash and rows[0].pin_hash.startswith("scrypt$")
    assert not app_settings.load(data_paths.settings).clinic.clinicians
    code = service.handoff_code()
    assert code is not None and len(code) == 24
    assert len(service.handoff_key()) == 32
    if os.name == "posix":
        assert (data_paths.root / clinic_mod.KEY_FILE).stat().st_mode & 0o777 == 0o600
    with pytest.raises(ClinicError, match="already on"):
        service.enable("x", "y", "1234")
    status = service.status()
    assert status.enabled and status.handoff_code_set and status.clinicians[0].name == "Dr Ana Example"


def test_pins_must_be_four_to_six_digits(store_db: Database, data_paths: DataPaths, clock: FixedClock) -> None:
    svc = ClinicService(store_db, data_paths, clock)
    for bad in ("123", "1234567", "12a4", ""):
        with pytest.raises(ClinicError, match="4 to 6 digits"):
            svc.enable("Clinic", "Someone", bad)
    assert not svc.status().enabled


def test_wrong_pins_slow_down_after_five_tries_and_a_restart_does_not_reset(
        service: ClinicService, store_db: Database, data_paths: DataPaths, clock: FixedClock) -> None:
    assert service.verify("c1", PIN).name == "Dr Ana Example"
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPinError) as wrong:
            service.verify("c1", "000000")
        assert wrong.value.tries_left == left
    with pytest.raises(PinLockedError) as locked:
        service.verify("c1", "000000")
    assert locked.value.seconds == 30
    with pytest.raises(PinLockedError):
        service.verify("c1", PIN)  # even the right PIN waits
    pin_gate._attempts.clear()  # a restart: the in-memory count is gone ...
    restarted = ClinicService(store_db, data_paths, clock)
    with pytest.raises(PinLockedError):  # ... but the lock-out time is not
        restarted.verify("c1", PIN)
    clock.set(MONDAY + timedelta(seconds=31))
    with pytest.raises(PinLockedError) as longer:
        restarted.verify("c1", "111111")
    assert longer.value.seconds == 60  # each further wrong PIN doubles the wait
    clock.set(MONDAY + timedelta(seconds=31 + 61))
    assert restarted.verify("c1", PIN).id == "c1"
    with pytest.raises(WrongPinError) as fresh:
        restarted.verify("c1", "000000")
    assert fresh.value.tries_left == 4  # the right PIN reset the count


def test_a_second_clinician_has_an_own_pin(service: ClinicService) -> None:
    info = service.add_clinician("c1", "Sam Second", "2468")
    assert info.id == "c2"
    assert service.verify("c2", "2468").name == "Sam Second"
    with pytest.raises(WrongPinError):
        service.verify("c2", PIN)
    with pytest.raises(ClinicError, match="Unknown clinician"):
        service.add_clinician("c9", "Nobody", "1357")


# -- clinician actions ------------------------------------------------------------------------------------------------
def test_setting_up_a_patient_makes_a_clinic_managed_profile(service: ClinicService, store_db: Database) -> None:
    record = service.setup_patient("c1", "  New Patient ", pin="1357", reason="Loan starts")
    assert record.clinic_managed and record.has_pin and record.nickname == "New Patient"
    assert not record.notice_accepted  # the patient reads and accepts the notice themselves
    events = SessionRepo(store_db).events(record.id, ["clinician_action"])
    assert [(e.actor, e.reasons, e.payload["reason"]) for e in events] == [
        ("clinician:c1", ("PATIENT_SETUP",), "Loan starts")]
    with pytest.raises(ClinicError, match="4 to 6 digits"):
        service.setup_patient("c1", "Other", pin="12")


def _session(service: TrainingService, clock: FixedClock, pid: int) -> None:
    started = service.start_session(pid, pre_pain=3, flare_answer=None, ticks=("NONE",))
    assert started.route == "session" and started.plan is not None
    results = []
    for item in started.plan.items:
        target = item.dose.sets * item.dose.reps
        results.append(ExerciseResultInput(item.exercise_id, target, target, 3, 4, "good"))
    begin = clock.now()
    service.finish_session(pid, FinishedSession(begin, begin + timedelta(minutes=25), 3, 2, None,
                                                started.plan.kind.value, tuple(results)))


def test_the_engine_leaves_a_clinician_locked_chain_alone(service: ClinicService, store_db: Database,
                                                          clock: FixedClock) -> None:
    pid = make_patient(store_db)
    service.set_chain("c1", pid, "MC", level=3, step=1, locked=True, reason="Hold motor control at L3")
    assert plan(store_db, pid)["MC"] == ("MC-03a", 3, 1, True, True)
    assert "CLINICIAN_LOCK" in meta(store_db, pid).modifiers
    training = TrainingService(store_db, clock)
    for k in range(7, 0, -1):
        clock.set(MONDAY - timedelta(days=k))
        training.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    before = plan(store_db, pid)
    for offset in (0, 2, 4, 7, 9, 11):  # two weeks of good sessions: others move up
        clock.set(MONDAY + timedelta(days=offset))
        training.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
        view = training.today(pid)
        assert view.result is not None
        mc = next(d for d in view.result.decisions if d.chain.value == "MC")
        assert mc.action.value == "HOLD" and "LOCKED" in mc.reasons
        clock.set(MONDAY + timedelta(days=offset, hours=9))
        _session(training, clock, pid)
    after = plan(store_db, pid)
    assert after["MC"] == before["MC"] == ("MC-03a", 3, 1, True, True)
    assert any(after[c] != before[c] for c in after if c != "MC")  # the rest of the plan progressed
    events = SessionRepo(store_db).events(pid, ["clinician_action"])
    assert [(e.actor, e.chain, e.reasons) for e in events] == [("clinician:c1", "MC", ("CHAIN_LOCKED",))]
    assert events[0].payload["before"] == {"level": 2, "step": 0, "locked": False, "included": True}
    assert events[0].payload["reason"] == "Hold motor control at L3"
    # Unlocking hands the chain back to the engine and drops the modifier.
    service.set_chain("c1", pid, "MC", locked=False, reason="Progress again")
    assert "CLINICIAN_LOCK" not in meta(store_db, pid).modifiers
    assert SessionRepo(store_db).events(pid, ["clinician_action"])[-1].reasons == ("CHAIN_UNLOCKED",)


def test_chain_changes_are_checked_and_all_or_nothing(service: ClinicService, store_db: Database) -> None:
    pid = make_patient(store_db)
    before = plan(store_db, pid)
    with pytest.raises(ClinicError, match="levels 1 to"):
        service.set_chains("c1", pid, [ChainChange("QX", level=1, locked=True), ChainChange("MC", level=9)],
                           reason="x")
    assert plan(store_db, pid) == before  # the valid first change was not kept either
    with pytest.raises(ClinicError, match="steps 0 to"):
        service.set_chain("c1", pid, "QX", step=9, reason="x")
    service.set_chains("c1", pid, [ChainChange("GLU", included=False), ChainChange("ANT", included=True)],
                       reason="Knee sore")
    after = plan(store_db, pid)
    assert after["GLU"][3] is False and after["ANT"] == ("MC-04a", 1, 0, True, False)
    assert "ANT" in meta(store_db, pid).include_optional


def test_pain_ceiling_schedule_note_and_reminders(service: ClinicService, store_db: Database) -> None:
    pid = make_patient(store_db)
    for bad in (2, 7):
        with pytest.raises(ClinicError, match="3 to 6"):
            service.set_ceiling("c1", pid, bad, reason="x")
    service.set_ceiling("c1", pid, 4, reason="Irritable")
    service.set_schedule("c1", pid, [1, 3], reason="Works Mon/Wed/Fri")
    service.set_auto_progression("c1", pid, False, reason="Review first")
    service.set_note("c1", pid, "  Walk 10 minutes after each session. ", reason="Plan")
    service.set_reminders("c1", pid, on=True, session_time="17:30", checkin_time="07:45", reason="Shifts")
    m = meta(store_db, pid)
    assert (m.custom_ceiling, m.weekdays, m.auto_progression, m.clinician_note, m.reminder_time,
            m.checkin_reminder_time) == (4, (1, 3), False, "Walk 10 minutes after each session.", "17:30", "07:45")
    codes = [e.reasons[0] for e in SessionRepo(store_db).events(pid, ["clinician_action"])]
    assert codes == ["CEILING_SET", "SCHEDULE_SET", "AUTO_PROGRESSION_SET", "NOTE_SET", "REMINDERS_SET"]
    first = SessionRepo(store_db).events(pid, ["clinician_action"])[0]
    assert first.payload["before"] == {"custom_ceiling": None} and first.payload["after"] == {"custom_ceiling": 4}
    with pytest.raises(ClinicError, match="at least one"):
        service.set_schedule("c1", pid, [], reason="x")


def test_a_red_flag_pause_is_cleared_by_a_clinician_with_time_and_note(service: ClinicService, store_db: Database,
                                                                        clock: FixedClock) -> None:
    pid = make_patient(store_db)
    with store_db.session_scope() as s:
        s.add(Screening(profile_id=pid, at="2026-03-08T10:00:00", kind="quick", tier="EMERGENCY",
                        reasons=["RF01"], app_version="t"))
    training = TrainingService(store_db, clock)
    assert training.today(pid).locked_tier == "EMERGENCY"
    assert service.patient(pid).open_screens[0].tier == "EMERGENCY"
    with pytest.raises(ClinicError, match="note"):
        service.clear_red_flag("c1", pid, note="  ")
    assert service.clear_red_flag("c1", pid, note="Assessed in clinic; cauda equina excluded") == 1
    assert training.today(pid).locked_tier is None
    with store_db.session_scope() as s:
        row = s.get(Screening, 1)
        assert row is not None
        assert (row.cleared_at, row.cleared_by) == ("2026-03-09T08:30:00", "clinician:c1")
        assert row.cleared_note == "Assessed in clinic; cauda equina excluded"
    event = SessionRepo(store_db).events(pid, ["clinician_action"])[-1]
    assert event.reasons == ("REDFLAG_CLEARED",) and event.payload["tiers"] == ["EMERGENCY"]
    with pytest.raises(ClinicError, match="no red-flag pause"):
        service.clear_red_flag("c1", pid, note="again")


def test_instrument_packs_are_checked_and_test_packs_refused(service: ClinicService, store_db: Database,
                                                             data_paths: DataPaths, clock: FixedClock,
                                                             tmp_path: Path) -> None:
    with pytest.raises(ClinicError, match="test pack"):
        service.import_pack("c1", FIXTURE_PACK)
    assert not (data_paths.root / PACKS_FOLDER).exists() or not list((data_paths.root / PACKS_FOLDER).iterdir())
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "backtrainer-instrument-pack/1"\npack_id = 3\n', encoding="utf-8")
    with pytest.raises(ClinicError, match="cannot be used"):
        service.import_pack("c1", broken)
    testing = ClinicService(store_db, data_paths, clock, allow_test_packs=True)
    summary = testing.import_pack("c1", FIXTURE_PACK)
    assert summary.instruments and summary.path.name.startswith("test-")
    found = AssessmentService(store_db, clock, packs_dir=data_paths.root / PACKS_FOLDER).imported_packs()
    assert set(summary.instruments) <= set(found)


# -- end of loan ------------------------------------------------------------------------------------------------------
def _fill(db: Database, pid: int, clock: FixedClock) -> None:
    training = TrainingService(db, clock)
    for k in range(3, 0, -1):
        clock.set(MONDAY - timedelta(days=k))
        training.save_checkin(pid, CheckinInput(morning_pain=3, avg_24h=3, worst_24h=4))
    clock.set(MONDAY + timedelta(hours=1))
    _session(training, clock, pid)
    with db.session_scope() as s:
        s.add(QuestionnaireResponse(profile_id=pid, instrument_id="NPRS", instrument_version="1", at="2026-03-01",
                                    raw_items={"1": 5}, score=5, scoring_version="1"))
        bm = BodyMapRecord(profile_id=pid, at="2026-03-01T09:00:00", context="baseline")
        s.add(bm)
        s.flush()
        assert bm.id is not None
        s.add(BodyMapRegion(body_map_id=bm.id, region_id="LB_C", qualities=["ache"], intensity=4))
        s.add(Screening(profile_id=pid, at="2026-03-01T09:00:00", kind="full", tier="CLEAR", app_version="t"))


def _all_bytes_contain(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_end_of_loan_wipe_leaves_nothing_of_the_profile(service: ClinicService, store_db: Database,
                                                        data_paths: DataPaths, clock: FixedClock,
                                                        log_file: Path) -> None:
    pid = make_patient(store_db)
    keeper = make_patient(store_db, "Kept Person")
    _fill(store_db, pid, clock)
    _fill(store_db, keeper, clock)
    older = backup.create_backup(data_paths.db, data_paths.backups, MONDAY - timedelta(days=1))
    newer = backup.create_backup(data_paths.db, data_paths.backups, MONDAY)
    older_mtime = older.stat().st_mtime_ns
    draft = data_paths.root / f"session-draft-{pid}.json"
    draft.write_text(json.dumps({"profile_id": pid, "note": NICK}), encoding="utf-8")
    old_export = data_paths.exports / "my-records.json"  # the patient exported their data earlier
    old_export.write_text(json.dumps({"profile": {"nickname": NICK}}), encoding="utf-8")
    other_export = data_paths.exports / "kept-person.json"
    other_export.write_text(json.dumps({"profile": {"nickname": "Kept Person"}}), encoding="utf-8")
    assert _all_bytes_contain(data_paths.root, NICK.encode())
    # An older version saved chart pictures of both patients in cache/charts/<id>-<tag>/ (issue 19: nothing
    # writes there now, but a wipe still removes what an older version left).
    pictures = {}
    for who in (pid, keeper):
        folder = data_paths.root / "cache" / "charts" / f"{who}-1a2b3c4d"
        folder.mkdir(parents=True)
        pictures[who] = folder / "pain-12w-look-series.chart"
        pictures[who].write_bytes(bytes(24))
    look = pictures[pid].parent / "look.json"  # the look the page drew at goes too, but is not a picture
    look.write_text("{}", encoding="utf-8")

    wipe = service.describe_wipe(pid)
    assert set(wipe.pictures) == {pictures[pid], look}
    assert wipe.nickname == NICK
    assert wipe.counts["sessions"] == 1 and wipe.counts["checkins"] == 3 and wipe.counts["questionnaires"] == 1
    assert wipe.counts["body_maps"] == 1 and wipe.counts["plan_chains"] == 6 and wipe.counts["screenings"] == 5
    assert wipe.counts["exercise_results"] > 0 and wipe.counts["events"] > 0
    assert set(wipe.backups) == {older, newer} and wipe.drafts == (draft,)
    lines = wipe.lines()
    assert lines[0] == f"The profile “{NICK}” with its settings and PIN"
    assert "Exercise sessions: 1" in lines and "Daily check-ins: 3" in lines and "Questionnaires: 1" in lines
    assert any(line.startswith("Backup copies holding this patient: 2") for line in lines)
    assert "Unfinished session drafts: 1" in lines and wipe.exports == (old_export,)
    assert "Saved pictures of the progress charts: 1" in lines

    with pytest.raises(ClinicError, match="does not match"):
        service.wipe_profile("c1", pid, confirm_nickname="Zelda")
    assert ProfileRepo(store_db).get(pid).nickname == NICK  # nothing deleted

    report = service.wipe_profile("c1", pid, confirm_nickname=NICK)
    assert report.check.clean, report.check
    assert report.backups_cleaned == 2 and report.drafts_removed == 1
    # Independent proof: no row with the id in any database file, no byte of the name in any file.
    for db_file in (data_paths.db, older, newer):
        con = sqlite3.connect(db_file)
        try:
            for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
                cols = {r[1] for r in con.execute(f'PRAGMA table_info("{table}")')}
                if "profile_id" in cols:
                    assert con.execute(f'SELECT count(*) FROM "{table}" WHERE profile_id=?', (pid,)).fetchone() == (0,)
            assert con.execute("SELECT count(*) FROM profile WHERE id=?", (pid,)).fetchone() == (0,)
            assert con.execute("SELECT nickname FROM profile").fetchall() == [("Kept Person",)]
            orphans = con.execute("SELECT count(*) FROM exercise_result WHERE session_id NOT IN "
                                  "(SELECT id FROM session)").fetchone()
            assert orphans == (0,)
        finally:
            con.close()
    assert _all_bytes_contain(data_paths.root, NICK.encode()) == []
    assert _all_bytes_contain(data_paths.root, NICK.encode("utf-16-le")) == []
    assert sorted(b.path for b in backup.list_backups(data_paths.backups)) == sorted([older, newer])
    assert older.stat().st_mtime_ns == older_mtime
    assert backup.is_healthy(older) and backup.is_healthy(newer)
    assert not draft.exists() and not old_export.exists() and other_export.exists()
    assert not pictures[pid].exists() and not pictures[pid].parent.exists() and pictures[keeper].exists()
    # The other patient is untouched and the app still works for them.
    assert len(SessionRepo(store_db).sessions(keeper)) == 1
    # The wipe is in the clinic audit log with ids and counts only.
    audit = (data_paths.root / clinic_mod.AUDIT_FILE).read_text(encoding="utf-8").splitlines()
    entry = json.loads(audit[-1])
    assert entry["action"] == "profile_wiped" and entry["profile"] == pid and entry["clean"] is True
    # Logs never carry names or PINs.
    text = log_file.read_text(encoding="utf-8")
    assert f"wiped profile {pid}" in text
    for secret in (NICK, "Kept Person", PIN, "Dr Ana Example"):
        assert secret not in text


def test_export_then_wipe_refuses_to_wipe_when_the_export_fails(service: ClinicService, store_db: Database,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    pid = make_patient(store_db)

    def broken(profile_id: int, out_dir: Path) -> Path:
        raise OSError("No space left on device")

    monkeypatch.setattr(service, "_export", broken)
    with pytest.raises(ClinicError, match="nothing was deleted"):
        service.export_then_wipe("c1", pid, tmp_path, confirm_nickname=NICK)
    assert ProfileRepo(store_db).get(pid).nickname == NICK
    monkeypatch.setattr(service, "_export", lambda profile_id, out_dir: out_dir / "missing.json")
    with pytest.raises(ClinicError, match="missing or empty"):
        service.export_then_wipe("c1", pid, tmp_path, confirm_nickname=NICK)
    assert ProfileRepo(store_db).get(pid).nickname == NICK


def test_export_then_wipe_keeps_the_export_and_cleans_the_rest(service: ClinicService, store_db: Database,
                                                                data_paths: DataPaths, clock: FixedClock) -> None:
    pytest.importorskip("backtrainer.services.exchange")
    pid = make_patient(store_db)
    _fill(store_db, pid, clock)
    out = data_paths.exports
    report = service.export_then_wipe("c1", pid, out, confirm_nickname=NICK)
    assert report.export_path is not None and report.export_path.is_file()
    assert report.export_path.parent == out
    if os.name == "posix":
        assert report.export_path.stat().st_mode & 0o777 == 0o600
    assert report.check.clean


# -- thresholds ([PD], Appendix B) ------------------------------------------------------------------------------------
def test_a_clinician_changes_a_patients_thresholds_within_their_ranges(service: ClinicService, store_db: Database,
                                                                      clock: FixedClock) -> None:
    from backtrainer.core.config import DEFAULT_CONFIG
    from backtrainer.services.clinic import ClinicError
    from backtrainer.services.training import TrainingService

    pid = make_patient(store_db)
    assert service.patient(pid).config == DEFAULT_CONFIG
    updated = service.set_thresholds("c1", pid, {"hold_counts_if_pct": 0.8, "sessions_to_progress": 3},
                                     reason="Slow healer")
    assert (updated.hold_counts_if_pct, updated.sessions_to_progress) == (0.8, 3)
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None and p.config == {"hold_counts_if_pct": 0.8, "sessions_to_progress": 3}  # only changes
    event = SessionRepo(store_db).events(pid, ["clinician_action"])[-1]
    assert event.reasons == ("THRESHOLDS_SET",) and event.actor == "clinician:c1"
    assert event.payload["before"] == {"hold_counts_if_pct": 0.9, "sessions_to_progress": 2}
    assert event.payload["after"] == {"hold_counts_if_pct": 0.8, "sessions_to_progress": 3}
    assert service.patient(pid).config.hold_counts_if_pct == 0.8
    started = TrainingService(store_db, clock).start_session(pid, pre_pain=2, flare_answer=None, ticks=("NONE",))
    assert started.hold_fraction == 0.8  # the session uses it
    before = service.patient(pid).config
    for bad in ({"hold_counts_if_pct": 0.5}, {"pain_ceiling_C": 4}, {"no_such_rule": 1}):
        with pytest.raises(ClinicError):
            service.set_thresholds("c1", pid, bad, reason="x")
    assert service.patient(pid).config == before  # a refused change leaves everything as it was
    service.set_thresholds("c1", pid, {"hold_counts_if_pct": 0.9, "sessions_to_progress": 2}, reason="Back")
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None and p.config == {}  # back at the defaults: nothing stored


def test_rules_that_contradict_each_other_or_cannot_be_read_are_refused(service: ClinicService,
                                                                        store_db: Database) -> None:
    from backtrainer.services.clinic import ClinicError

    pid = make_patient(store_db)
    for bad in ({"sessions_to_progress": 4},  # the SLOW modifier (3) would then move faster than the standard
                {"settled_margin": 2},  # U + 2 would be settled and not settled at once
                {"flare_exit_margin": 2},  # a flare-up would end on the mornings that start one
                {"sessions_to_progress": 2.5}):  # a whole number of sessions
        with pytest.raises(ClinicError):
            service.set_thresholds("c1", pid, bad, reason="x")
    assert service.set_thresholds("c1", pid, {"sessions_to_progress": 3, "sessions_to_progress_slow": 4},
                                  reason="Both at once").sessions_to_progress == 3
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.config = {"no_longer_known": 1, "sessions_to_progress": 3}
        s.add(p)
    with pytest.raises(ClinicError):
        service.set_thresholds("c1", pid, {"hold_counts_if_pct": 0.8}, reason="x")
    with store_db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None and p.config == {"no_longer_known": 1, "sessions_to_progress": 3}  # untouched


def test_deleting_files_never_resets_a_lock_out(service: ClinicService, store_db: Database, data_paths: DataPaths,
                                                 clock: FixedClock) -> None:
    """Issue 17 item 7: the lock-outs lived in clinic_lockout.json / profile_lockout.json; deleting them (or a damaged
    settings.toml) reset them. They are database rows now, shared by the app and the command line."""
    for _ in range(4):
        with pytest.raises(WrongPinError):
            service.verify("c1", "000000")
    with pytest.raises(PinLockedError):
        service.verify("c1", "000000")

    def damage() -> None:
        for name in ("clinic_lockout.json", "profile_lockout.json", "settings.toml"):
            (data_paths.root / name).unlink(missing_ok=True)
        data_paths.settings.write_text("garbage = [\n")
        pin_gate._attempts.clear()  # and a restart

    damage()
    restarted = ClinicService(store_db, data_paths, clock)
    with pytest.raises(PinLockedError):
        restarted.verify("c1", PIN)
    assert restarted.status().enabled
    with pytest.raises(ClinicError, match="already on"):
        restarted.enable("Other", "Patient", "1111")

    from backtrainer.services.profiles import ProfilePins

    pid = make_patient(store_db)
    pins = ProfilePins(store_db, clock)
    pins.set_pin(pid, "2468")
    for _ in range(4):
        with pytest.raises(WrongPinError):
            pins.unlock(pid, "1111")
    with pytest.raises(PinLockedError):
        pins.unlock(pid, "1111")
    damage()
    with pytest.raises(PinLockedError):
        ProfilePins(store_db, clock).unlock(pid, "2468")


def test_an_older_settings_file_s_clinicians_move_into_the_database(store_db: Database, data_paths: DataPaths,
                                                                    clock: FixedClock) -> None:
    from backtrainer.services import pin as pins

    old = pins.hash_pin("482913")
    data_paths.settings.write_text('theme = "dark"\n[clinic]\nenabled = true\nclinic_name = "Old Clinic"\n'
                                   'crisis_line = "555"\n[[clinic.clinicians]]\nid = "c1"\nname = "Dr Old"\n'
                                   f'pin_hash = "{old}"\n')
    svc = ClinicService(store_db, data_paths, clock)
    status = svc.status()
    assert status.enabled and status.clinic_name == "Old Clinic" and [c.id for c in status.clinicians] == ["c1"]
    text = data_paths.settings.read_text()
    assert old not in text and 'crisis_line = "555"' in text and 'theme = "dark"' in text
    data_paths.settings.unlink()
    assert svc.status().enabled and svc.verify("c1", PIN).name == "Dr Old"


def test_an_older_cheaper_pin_hash_is_made_again_on_the_next_right_pin(
        service: ClinicService, store_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17 item 10: hashes stored at the old cost (N=2**14) are upgraded on the next correct entry."""
    from backtrainer.services import pin as pins
    from backtrainer.services.profiles import ProfilePins
    from backtrainer.store.tables import Clinician

    pid = make_patient(store_db)
    with store_db.session_scope() as s:  # stored at the fixture's cost N=2**10 ...
        row = s.get(Clinician, "c1")
        prof = s.get(Profile, pid)
        assert row is not None and prof is not None
        row.pin_hash = pins.hash_pin(PIN)
        prof.pin_hash = pins.hash_pin("2468")
        s.add(row)
        s.add(prof)
    monkeypatch.setattr(pins, "N", 2**11)  # ... and "today's" cost is higher
    with pytest.raises(WrongPinError):
        service.verify("c1", "000000")
    with store_db.session_scope() as s:
        assert s.get(Clinician, "c1").pin_hash.startswith("scrypt$1024$")  # type: ignore[union-attr]
    service.verify("c1", PIN)
    ProfilePins(store_db, service.clock).unlock(pid, "2468")
    with store_db.session_scope() as s:
        assert s.get(Clinician, "c1").pin_hash.startswith("scrypt$2048$")  # type: ignore[union-attr]
        assert s.get(Profile, pid).pin_hash.startswith("scrypt$2048$")  # type: ignore[union-attr]
    assert service.verify("c1", PIN).id == "c1"


def test_instrument_packs_over_the_limit_are_refused_whole(service: ClinicService, data_paths: DataPaths,
                                                           store_db: Database, clock: FixedClock,
                                                           tmp_path: Path) -> None:
    """Issue 17 item 15: a 600 KB pack was read up to 512 KB + 1 byte and accepted, cut short."""
    testing = ClinicService(store_db, data_paths, clock, allow_test_packs=True)
    text = FIXTURE_PACK.read_text(encoding="utf-8")
    big = tmp_path / "big.toml"
    padding = "# " + "é" * 70 + "\n"  # comments: the pack is valid TOML at any length
    count = (600 * 1024 - len(text.encode("utf-8"))) // len(padding.encode("utf-8"))
    big.write_text(text + padding * count, encoding="utf-8")
    assert 590 * 1024 < big.stat().st_size < 610 * 1024
    with pytest.raises(ClinicError) as info:
        testing.import_pack("c1", big)
    assert "too large (6" in str(info.value) and "at most 512 KB" in str(info.value)
    assert not (data_paths.root / PACKS_FOLDER).exists() or not list((data_paths.root / PACKS_FOLDER).iterdir())
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert testing.import_pack("c1", bom).instruments  # a byte-order mark is fine


def test_the_wipe_finds_command_line_exports_in_the_exports_folder(service: ClinicService, store_db: Database,
                                                                   data_paths: DataPaths, clock: FixedClock) -> None:
    """Issue 17 item 12: `backtrainer export --out <data>/exports/...` (any name: a PDF, a JSON, a CSV folder) was
    neither listed nor deleted by the wipe, and its proof said clean."""
    from backtrainer.__main__ import main

    pid = make_patient(store_db)
    keeper = make_patient(store_db, "Kept Person")
    _fill(store_db, pid, clock)
    _fill(store_db, keeper, clock)
    ex = data_paths.exports
    base = ["export", "--data-dir", str(data_paths.root), "--profile"]
    assert main([*base, NICK, "--format", "pdf", "--out", str(ex / "report.pdf")]) == 0
    assert main([*base, NICK, "--format", "json", "--out", str(ex / "records.json")]) == 0
    assert main([*base, NICK, "--format", "csv", "--out", str(ex / "tables")]) == 0
    assert main([*base, "Kept Person", "--format", "pdf", "--out", str(ex / "other.pdf")]) == 0
    assert main([*base, "Kept Person", "--format", "csv", "--out", str(ex / "other-tables")]) == 0
    mine = {ex / "report.pdf", ex / "records.json", *(ex / "tables").iterdir()}
    plan = service.describe_wipe(pid)
    assert set(plan.exports) == mine and len(mine) == 13
    assert f"Earlier export files in the BackTrainer folder: {len(mine)}" in plan.lines()
    report = service.wipe_profile("c1", pid, confirm_nickname=NICK)
    assert report.check.clean, report.check
    assert not any(p.exists() for p in mine) and not (ex / "tables").exists()
    assert (ex / "other.pdf").exists() and len(list((ex / "other-tables").iterdir())) == 11  # another patient's

    # The proof checks them: a CSV table file (no name inside) left behind makes it not clean.
    (ex / "tables").mkdir()
    (ex / "tables" / "checkin.csv").write_text("id,profile_id\n1,1\n", encoding="utf-8")
    check = service.verify_wiped(pid, NICK, gone=plan.exports)
    assert not check.clean and ex / "tables" / "checkin.csv" in check.files_with_name
