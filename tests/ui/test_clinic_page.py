"""The Clinic page: set-up, PIN lock, chain lock from the table, red-flag clearing, hand-off files and the
end-of-loan wipe with its typed-name confirmation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from backtrainer.services import pin_gate
from backtrainer.services.clinic import ClinicService
from backtrainer.services.plan_meta import PlanMeta
from backtrainer.store.repos import ProfileRepo
from backtrainer.store.session_records import ChainState
from backtrainer.store.session_repo import SessionRepo
from backtrainer.store.tables import Profile, Screening
from backtrainer.ui.context import AppContext
from backtrainer.ui.pages import clinic as page_mod
from backtrainer.ui.pages.clinic import ClinicPage

PIN = "2580"
NICK = "Ottoline Brackwater"
START = [("MC", "MC-02", 2), ("QX", "EX-02a", 2), ("LAT", "LT-01b", 2), ("GLU", "GL-01b", 2)]


@pytest.fixture(autouse=True)
def _fresh_attempts() -> None:
    pin_gate._attempts.clear()


def patient(ctx: AppContext, name: str = NICK) -> int:
    db = ctx.db()
    pid = ProfileRepo(db).create(name, now="2026-03-01T08:00:00", notice_accepted=True).id
    SessionRepo(db).save_plan(pid, [ChainState(c, e, lv, 0, "2026-03-01") for c, e, lv in START],
                              now="2026-03-01T08:00:00")
    with db.session_scope() as s:
        p = s.get(Profile, pid)
        assert p is not None
        p.assessment_state = {"done": True}
        p.plan_meta = PlanMeta(plan_start=ctx.clock.now().date() - timedelta(days=7)).dump()
        s.add(p)
    return pid


@pytest.fixture
def page(qtbot: Any, app_ctx: AppContext) -> Iterator[ClinicPage]:
    widget = ClinicPage(app_ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    yield widget


def enable(ctx: AppContext) -> None:
    ClinicService(ctx.db(), ctx.paths, ctx.clock).enable("Harbour Clinic", "Dr Lee", PIN)


def unlock(qtbot: Any, page: ClinicPage, pin: str = PIN) -> None:
    page.refresh()
    page.lock_pin.setText(pin)
    click(qtbot, page.lock_go)


def click(qtbot: Any, button: Any) -> None:
    """Click like a person: after the layout has given the button its size."""
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(page: ClinicPage, pid: int) -> None:
    for i in range(page.patient_list.count()):
        item = page.patient_list.item(i)
        if item.data(256) == pid:
            page.patient_list.setCurrentItem(item)
            return
    raise AssertionError(f"patient {pid} not listed")


def test_setup_form_switches_clinic_mode_on(qtbot: Any, page: ClinicPage, app_ctx: AppContext) -> None:
    assert page.setup_view.isVisible() and not page.lock_view.isVisible() and not page.main_view.isVisible()
    page.setup_clinic.setText("Harbour Clinic")
    page.setup_name.setText("Dr Lee")
    qtbot.keyClicks(page.setup_pin, "1234")
    qtbot.keyClicks(page.setup_pin2, "1235")
    click(qtbot, page.setup_go)
    assert "not the same" in page.message.text()
    assert not page.service().status().enabled
    page.setup_pin2.clear()
    qtbot.keyClicks(page.setup_pin2, "1234")
    click(qtbot, page.setup_go)
    assert page.service().status().enabled
    assert page.main_view.isVisible() and "Dr Lee" in page.signed_in.text()
    assert "Hand-off code of this laptop:" in page.code_line.text()
    assert page.heading.text() == "Clinic: Harbour Clinic"


def test_after_switching_on_the_focus_is_in_the_first_field(qtbot: Any, page: ClinicPage) -> None:
    """The sign-in button hides with the set-up form; the focus went on to the next widget in the window (on the
    1366x768 walk: "Switch person"). It starts in the new patient's name."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    for field, text in ((page.setup_clinic, "Harbour Clinic"), (page.setup_name, "Dr Lee"),
                        (page.setup_pin, "1234"), (page.setup_pin2, "1234")):
        click(qtbot, field)
        qtbot.keyClicks(field, text)
    click(qtbot, page.setup_go)
    qtbot.waitUntil(page.main_view.isVisible)
    assert QApplication.focusWidget() is page.new_name


@pytest.mark.parametrize("damage", ["garbage", "unknown_key", "empty", "folder", "deleted"])
def test_a_damaged_settings_file_never_opens_the_set_up(qtbot: Any, page: ClinicPage, app_ctx: AppContext,
                                                         damage: str) -> None:
    """Issue 17 item 7: any invalid settings.toml used to drop the clinicians and show the set-up, so a patient
    could make themselves clinician and clear an EMERGENCY pause. The set-up lives in the database now."""
    enable(app_ctx)
    pid = patient(app_ctx)
    with app_ctx.db().session_scope() as s:
        s.add(Screening(profile_id=pid, at="2026-03-08T09:00:00", kind="quick", tier="EMERGENCY",
                        reasons=["RF_CES"], app_version="test"))
    settings = app_ctx.paths.settings
    if settings.is_file():
        settings.unlink()
    if damage == "garbage":
        settings.write_text("theme = [not toml\n!!!\n")
    elif damage == "unknown_key":
        settings.write_text('theme = "dark"\nfrom_a_newer_version = true\n[clinic]\nenabled = false\n')
    elif damage == "empty":
        settings.write_text("")
    elif damage == "folder":
        settings.mkdir()
    for name in ("clinic_lockout.json", "profile_lockout.json"):
        (app_ctx.paths.root / name).unlink(missing_ok=True)
    page.refresh()
    assert page.lock_view.isVisible() and not page.setup_view.isVisible() and not page.main_view.isVisible()
    service = page.service()
    with pytest.raises(Exception, match="already on"):
        service.enable("My Clinic", "Patient", "1111")  # the patient cannot make themselves clinician
    with pytest.raises(Exception, match="Unknown clinician"):
        service.clear_red_flag("c2", pid, note="cleared by me")
    qtbot.keyClicks(page.lock_pin, "1111")
    click(qtbot, page.lock_go)
    assert not page.main_view.isVisible() and "not right" in page.message.text()
    with app_ctx.db().session_scope() as s:
        assert s.get(Screening, 1) is not None and s.get(Screening, 1).cleared_at is None  # the pause holds


def test_pin_field_takes_digits_only(qtbot: Any, page: ClinicPage) -> None:
    qtbot.keyClicks(page.setup_pin, "12ab34567")
    assert page.setup_pin.text() == "123456"


def test_the_page_is_locked_until_a_clinician_pin_and_locks_again_when_left(
        qtbot: Any, page: ClinicPage, app_ctx: AppContext) -> None:
    enable(app_ctx)
    page.refresh()
    assert page.lock_view.isVisible() and not page.main_view.isVisible()
    assert page.lock_who.currentText() == "Dr Lee"
    unlock(qtbot, page, "9999")
    assert "not right" in page.message.text() and page.lock_view.isVisible()
    assert page.lock_pin.text() == ""  # the typed PIN does not linger
    unlock(qtbot, page)
    assert page.main_view.isVisible()
    page.hide()
    page.show()
    assert page.lock_view.isVisible() and not page.main_view.isVisible()


def test_locking_a_chain_from_the_table(qtbot: Any, page: ClinicPage, app_ctx: AppContext) -> None:
    enable(app_ctx)
    pid = patient(app_ctx)
    unlock(qtbot, page)
    choose(page, pid)
    assert page.patient_card.isVisible() and NICK in page.patient_title.text()
    level, _step, _on, locked = page.chain_rows["MC"]
    level.setValue(3)
    locked.setChecked(True)
    page.reason.setText("Hold MC while the hip settles")
    click(qtbot, page.chains_go)
    assert "Saved changes to 1 chain" in page.message.text()
    plan = {c.chain: c for c in SessionRepo(app_ctx.db()).plan(pid)}
    assert (plan["MC"].exercise_id, plan["MC"].level, plan["MC"].locked) == ("MC-03a", 3, True)
    events = SessionRepo(app_ctx.db()).events(pid, ["clinician_action"])
    assert events[-1].actor == "clinician:c1" and events[-1].payload["reason"] == "Hold MC while the hip settles"
    assert "1 chain locked" in page.patient_list.currentItem().text()
    assert page.chain_rows["MC"][3].isChecked()  # the table shows the stored state


def test_plan_settings_and_red_flag_clearing(qtbot: Any, page: ClinicPage, app_ctx: AppContext) -> None:
    enable(app_ctx)
    pid = patient(app_ctx)
    with app_ctx.db().session_scope() as s:
        s.add(Screening(profile_id=pid, at="2026-03-08T10:00:00", kind="quick", tier="CLINICIAN_SOON",
                        reasons=["RF09"], app_version="t"))
    unlock(qtbot, page)
    choose(page, pid)
    assert page.flag_frame.isVisible() and "see a clinician soon" in page.flag_text.text()
    click(qtbot, page.flag_go)
    assert "note the assessment" in page.message.text()
    page.flag_note.setText("Seen today, fine to exercise")
    click(qtbot, page.flag_go)
    assert "Cleared 1 red-flag pause" in page.message.text()
    assert not page.flag_frame.isVisible()
    page.ceiling.setCurrentIndex(page.ceiling.findData(4))
    page.day_boxes[5].setChecked(True)
    click(qtbot, page.settings_go)
    assert page.message.text() == "Plan settings saved."
    assert page.detail.meta.custom_ceiling == 4 and page.detail.meta.weekdays == (0, 2, 4, 5)


def test_handoff_save_and_load_through_the_page(qtbot: Any, page: ClinicPage, app_ctx: AppContext,
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    enable(app_ctx)
    source = patient(app_ctx, "Source Person")
    target = ClinicService(app_ctx.db(), app_ctx.paths, app_ctx.clock).setup_patient("c1", "Target Person").id
    ClinicService(app_ctx.db(), app_ctx.paths, app_ctx.clock).set_chain("c1", source, "LAT", locked=True,
                                                                         reason="x")
    unlock(qtbot, page)
    choose(page, source)
    file = tmp_path / "usb" / "plan"
    file.parent.mkdir()
    monkeypatch.setattr(page, "ask_save_path", lambda *a: file)
    click(qtbot, page.handoff_save)
    saved = file.with_suffix(".btplan")
    assert saved.is_file() and "Plan saved to" in page.message.text()
    choose(page, target)
    monkeypatch.setattr(page, "ask_open_path", lambda *a: saved)
    click(qtbot, page.handoff_load)
    assert "now this patient's plan" in page.message.text()
    plan = {c.chain: (c.level, c.locked) for c in SessionRepo(app_ctx.db()).plan(target)}
    assert plan["LAT"] == (2, True)
    broken = tmp_path / "broken.btplan"
    broken.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(page, "ask_open_path", lambda *a: broken)
    click(qtbot, page.handoff_load)
    assert "not a BackTrainer plan hand-off file" in page.message.text()


def test_wipe_asks_for_the_exact_name_then_exports_wipes_and_shows_the_check(
        qtbot: Any, page: ClinicPage, app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    enable(app_ctx)
    pid = patient(app_ctx)
    keep = patient(app_ctx, "Someone Else")
    unlock(qtbot, page)
    choose(page, pid)
    out = tmp_path / "usb"
    out.mkdir()
    seen: dict[str, Any] = {}

    def fake_exec(dialog: QDialog) -> int:
        seen["lines"] = [line for line in dialog.plan.lines()]
        assert not dialog.go.isEnabled()
        dialog.confirm.setText("Ottoline")  # not the full name
        assert not dialog.go.isEnabled()
        dialog.confirm.setText(NICK)
        assert not dialog.go.isEnabled()  # no export folder chosen yet
        dialog._ask_folder = lambda start: out
        dialog._choose()
        assert dialog.go.isEnabled() and dialog.folder == out
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_mod.WipeDialog, "exec", fake_exec)

    with qtbot.waitSignal(page.wipeFinished, timeout=5000) as blocker:
        click(qtbot, page.wipe_go)
    report = blocker.args[0]
    assert seen["lines"][0] == f"The profile “{NICK}” with its settings and PIN"
    assert "Exercise plan entries: 4" in seen["lines"]
    assert report.check.clean and report.export_path.parent == out
    assert "This laptop is clean" in page.message.text()
    con = sqlite3.connect(app_ctx.paths.db)
    try:
        assert con.execute("SELECT id FROM profile").fetchall() == [(keep,)]
    finally:
        con.close()
    assert page.patient_list.count() == 1 and not page.patient_card.isVisible()
    page.result_box.close()


def test_wipe_dialog_lists_what_will_be_deleted(qtbot: Any, app_ctx: AppContext) -> None:
    enable(app_ctx)
    pid = patient(app_ctx)
    plan = ClinicService(app_ctx.db(), app_ctx.paths, app_ctx.clock).describe_wipe(pid)
    dialog = page_mod.WipeDialog(plan, app_ctx.paths.exports, lambda start: None)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(type(dialog.folder_label))]
    assert "•  Exercise sessions: 0" in texts and "•  Exercise plan entries: 4" in texts
    assert any(NICK in t for t in texts)


def test_the_patients_rules_are_shown_changed_and_saved(qtbot: Any, page: ClinicPage, app_ctx: AppContext) -> None:
    enable(app_ctx)
    pid = patient(app_ctx)
    unlock(qtbot, page)
    choose(page, pid)
    assert not page.rules_box.isVisible()
    click(qtbot, page.rules_toggle)
    assert page.rules_box.isVisible()
    hold = page.rule_spins["hold_counts_if_pct"]
    assert hold.value() == 90 and (hold.minimum(), hold.maximum()) == (80, 100)  # Appendix B range, in %
    assert "rule 6.1" in hold.accessibleName()
    click(qtbot, page.rules_go)
    assert page.message.text() == "No rule was changed."
    hold.setValue(80)
    page.rule_spins["trend_worsening_delta"].setValue(1.5)
    click(qtbot, page.rules_go)
    assert page.message.text() == "Saved 2 rule changes."
    assert page.detail.config.hold_counts_if_pct == 0.8 and page.detail.config.trend_worsening_delta == 1.5
    click(qtbot, page.rules_default)
    assert hold.value() == 90
    click(qtbot, page.rules_go)
    assert page.detail.config.hold_counts_if_pct == 0.9


def test_moves_up_waiting_for_an_ok_are_listed_and_approved(qtbot: Any, page: ClinicPage,
                                                             app_ctx: AppContext) -> None:
    from backtrainer.store.tables import Event

    enable(app_ctx)
    pid = patient(app_ctx)
    with app_ctx.db().session_scope() as s:  # what a saved session leaves when moves up need an OK
        s.add(Event(profile_id=pid, at="2026-03-09T10:00:00", day="2026-03-09", kind="progression_proposed",
                    chain="MC", exercise_id="MC-02", reasons=["P"],
                    payload={"action": "PROGRESS", "from_level": 2, "from_step": 0, "to_level": 2, "to_step": 1,
                             "to_exercise_id": "MC-02"}))
    unlock(qtbot, page)
    choose(page, pid)
    assert not page.proposals_frame.isVisible()  # approval is off: nothing waits
    page.approval.setChecked(True)
    click(qtbot, page.settings_go)
    assert page.detail.meta.progress_needs_approval
    assert page.proposals_frame.isVisible() and len(page.proposal_rows) == 1
    approve, _not_yet = next(iter(page.proposal_rows.values()))
    click(qtbot, approve)
    assert page.message.text() == "Approved: the exercise moves up now."
    assert not page.proposals_frame.isVisible()
    assert {c.chain: (c.level, c.step) for c in page.detail.chains}["MC"] == (2, 1)
