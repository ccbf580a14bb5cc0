"""Where a run stops or pauses: the emergency screen (8.3), the pause screen (8.4), the CAUTION message (8.4),
the end of a re-screen, and the "assessment done" screen with its re-run buttons (1.4)."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QWidget

from backtrainer.i18n import N_, _, long_date, ngettext
from backtrainer.ui.context import Changes
from backtrainer.ui.pages.assessment.common import StepView, bullet_list, button, button_row, rich, section
from backtrainer.ui.pages.base import label


def _summary(codes: Any) -> str:
    from backtrainer.content.screening import format_summary

    return format_summary(tuple(codes)) or _("your answers")


def _messages(codes: Any) -> list[str]:
    from backtrainer.content.screening import load_messages

    messages = load_messages().messages
    return [messages[c] for c in codes if c in messages]


def _number(snapshot: Any, outcome: Any = None) -> str:
    number = getattr(outcome, "emergency_number", None) or (snapshot.emergency_number if snapshot else None)
    return number or _("your local emergency number")


def _parse_day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def print_summary(parent: QWidget, title: str, lines: list[str]) -> None:
    """Print a plain summary (offline; the system print dialog can also save a PDF)."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    doc = QTextDocument()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    doc.setHtml(f"<h2>{html.escape(title)}</h2>{body}")
    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    dialog.setAccessibleName(_("Print summary"))
    if dialog.exec():
        doc.print_(printer)


class _StopView(StepView):
    """Shared parts of the emergency and pause screens."""

    checked_row: QLayout  # the row of buttons under the message (built by the subclass)

    def _attest_row(self, text: str) -> None:
        self.confirm, box = section(
            _("Only if a doctor or physiotherapist has checked you"),
            _("Press the button below only if a doctor or physiotherapist has checked you since you answered these "
              "questions and told you that you may exercise. You will then answer the safety questions again."),
            role="notice")
        self.confirm_yes = button(_("Yes, I have been checked"), "primary",
                                  description=_("Confirm that a clinician checked you and said you may exercise"))
        self.confirm_yes.clicked.connect(self._on_confirm)
        self.confirm_no = button(_("Cancel"))
        self.confirm_no.clicked.connect(lambda: self._show_confirm(False))
        box.addWidget(button_row(self.confirm_yes, self.confirm_no)[0])
        self.confirm.hide()
        self.body.addWidget(self.confirm)
        self.checked = button(text, description=_("Say that a clinician has checked you"))
        self.checked.clicked.connect(lambda: self._show_confirm(True))
        self.checked_row.addWidget(self.checked)

    def _show_confirm(self, show: bool) -> None:
        self.confirm.setVisible(show)
        (self.confirm_yes if show else self.checked).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_confirm(self) -> None:
        def done(_snap: Any) -> None:
            self.flow.changed(Changes.ASSESSMENT | Changes.PLAN)
            self.flow.reload(lambda _s: self.flow.goto("screening"))

        self.flow.call(lambda s: s.attest_checked(self.flow.profile_id), done)

    def on_next(self) -> None:
        pass


class EmergencyView(_StopView):
    STEP = "emergency"
    TITLE = N_("Please get urgent medical help now.")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.content.screening import load_safety

        self.content = load_safety().emergency
        self.set_heading(self.content.title)
        self.frame, box = section("", role="danger")
        self.text = label("")
        box.addWidget(self.text)
        self.actions_label = rich("")
        box.addWidget(self.actions_label)
        self.body.addWidget(self.frame)
        self.details = label("", "muted")
        self.body.addWidget(self.details)
        self.print_button = button(self.content.print_button, "primary",
                                   description=_("Print this summary for the doctor"))
        self.print_button.clicked.connect(self._on_print)
        holder, self.checked_row = button_row(self.print_button)
        self._attest_row(self.content.checked_button)
        self.body.insertWidget(2, holder)
        # the rail is switched off here (ref 8.3); say so, or its buttons seem not to work (seen on the walk)
        self.locked_note = label(_("The rest of BackTrainer is closed for now. It opens again when you tell us "
                                   "that a doctor has checked you."), "muted")
        self.body.insertWidget(3, self.locked_note)
        self._lines: list[str] = []

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        reasons = list(snapshot.state.get("stopped_reasons", ())) if snapshot else []
        summary = _summary(reasons)
        number = _number(snapshot)
        body = self.content.body_for(reasons, summary)  # ref 8.3; nerves named only for nerve signs
        actions = [a.format(emergency_number=number) for a in self.content.actions]
        self.text.setText(body)
        self.actions_label.setText("<ul style='margin-left:-20px'>" + "".join(
            f"<li style='margin-bottom:6px'><b>{html.escape(a)}</b></li>" if i == 0 else
            f"<li style='margin-bottom:6px'>{html.escape(a)}</li>" for i, a in enumerate(actions)) + "</ul>")
        self.actions_label.setAccessibleName(" ".join(actions))
        self.details.setText(" ".join(_messages(reasons)))
        self._lines = [body, *actions, *_messages(reasons)]
        self.confirm.hide()

    def first_focus(self) -> QWidget | None:
        return self.print_button

    def _on_print(self) -> None:
        print_summary(self, self.content.title, self._lines)


class PausedView(_StopView):
    STEP = "paused"
    TITLE = N_("Please see a doctor or physiotherapist first")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.content.screening import load_safety

        self.content = load_safety().clinician_soon
        self.set_heading(self.content.title)
        self.frame, box = section("", role="notice")
        self.text = label("")
        box.addWidget(self.text)
        self.same_day = label(self.content.same_day, "subtitle")
        box.addWidget(self.same_day)
        self.body.addWidget(self.frame)
        open_frame, open_box = section(_("What you can still do"), role="ok")
        open_box.addWidget(bullet_list([
            _("Keep gently active: short, easy walks are fine if they feel comfortable."),
            _("Read the short lessons about back pain."),
            _("Keep your symptom diary."),
            _("Your exercise plan waits until you have been checked. Your answers are saved."),
        ]))
        self.body.addWidget(open_frame)
        self.details = label("", "muted")
        self.body.addWidget(self.details)
        self.print_button = button(self.content.print_button,
                                   description=_("Print a summary to take to your clinician"))
        self.print_button.clicked.connect(self._on_print)
        self.today_button = button(_("Go to Today"), "primary")
        self.today_button.clicked.connect(lambda: self.flow.ctx.signals.navigate.emit("today"))
        holder, self.checked_row = button_row(self.today_button, self.print_button)
        self._attest_row(_("I have been checked"))
        self.body.addWidget(holder)
        self._lines: list[str] = []

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        state = snapshot.state if snapshot else {}
        reasons = list(state.get("stopped_reasons", ()))
        body = self.content.body.format(summary=_summary(reasons))
        self.text.setText(body)
        self.same_day.setVisible(bool(state.get("same_day_care")))
        self.details.setText(" ".join(_messages(reasons)))
        self._lines = [body, *([self.content.same_day] if state.get("same_day_care") else []), *_messages(reasons)]
        self.confirm.hide()

    def first_focus(self) -> QWidget | None:
        return self.today_button

    def _on_print(self) -> None:
        print_summary(self, self.content.title, self._lines)


class CautionView(StepView):
    STEP = "caution"
    TITLE = N_("You can start, with some changes")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        from backtrainer.content.screening import load_safety

        self.content = load_safety().caution
        self.set_heading(self.content.title)
        self.frame, box = section("", role="notice")
        self.text = label("")
        box.addWidget(self.text)
        self.details = label("", "muted")
        box.addWidget(self.details)
        self.body.addWidget(self.frame)
        self.continue_button = button(_("Continue"), "primary")
        self.continue_button.clicked.connect(self._on_continue)
        self.body.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.next_step = "bodymap"

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        from backtrainer.content.screening import load_messages

        outcome = kwargs.get("outcome")
        reasons = list(getattr(outcome, "reasons", ()))
        self.next_step = getattr(outcome, "next_step", None) or (snapshot.step if snapshot else "bodymap")
        changes = load_messages().changes
        change = " ".join(dict.fromkeys(changes[c] for c in reasons if c in changes)) or \
            _("We will go a little more gently.")
        self.text.setText(self.content.body.format(change=change))
        self.details.setText(" ".join(_messages(reasons)))

    def first_focus(self) -> QWidget | None:
        return self.continue_button

    def _on_continue(self) -> None:
        self.flow.goto(self.next_step)

    def on_next(self) -> None:
        self._on_continue()


class RescreenDoneView(StepView):
    STEP = "rescreen_done"
    TITLE = N_("Thank you for checking in")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        frame, box = section("", role="ok")
        box.addWidget(label(
            _("Nothing in your answers means you need to stop. Your plan carries on as before. If something "
              "changes, press \"I have a new symptom\" on Today at any time.")))
        self.body.addWidget(frame)
        self.today_button = button(_("Go to Today"), "primary")
        self.today_button.clicked.connect(self._on_today)
        self.body.addWidget(self.today_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _on_today(self) -> None:
        self.flow.call(lambda s: s.set_step(self.flow.profile_id, "rescreen_done"), lambda _: None)
        self.flow.ctx.signals.navigate.emit("today")

    def first_focus(self) -> QWidget | None:
        return self.today_button

    def on_next(self) -> None:
        self._on_today()


class DoneView(StepView):
    STEP = "done"
    TITLE = N_("Your assessment is done")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        frame, box = section("", role="ok")
        self.summary = label("")
        box.addWidget(self.summary)
        self.body.addWidget(frame)
        again, again_box = section(
            _("Check in again"),
            _("Answer the safety questions again if something has changed: a new symptom, a fall, or pain that "
              "feels different. Do the full assessment again every 4 weeks, or after a long break. Your earlier "
              "answers are kept."))
        self.rescreen_button = button(_("Answer the safety questions again"), "primary",
                                      description=_("Starts the safety questions and body map again"))
        self.rescreen_button.clicked.connect(lambda: self._start("rescreen"))
        self.full_button = button(_("Do the full assessment again"),
                                  description=_("All steps again; ends with an updated plan"))
        self.full_button.clicked.connect(lambda: self._start("full"))
        again_box.addWidget(button_row(self.rescreen_button, self.full_button)[0])
        self.body.addWidget(again)

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        count = sum(1 for c in snapshot.plan if c.included) if snapshot else 0
        day = _parse_day(snapshot.state.get("plan_day") if snapshot else None)
        if day is not None:
            finished = _("You finished your assessment on {date}.").format(date=long_date(day))
        else:
            finished = _("You finished your assessment.")
        plan = ngettext("Your plan has {count} exercise.", "Your plan has {count} exercises.", count).format(
            count=count)
        self.summary.setText(" ".join((finished, plan, _("Today shows what to do each day."))))

    def first_focus(self) -> QWidget | None:
        return self.rescreen_button

    def _start(self, mode: str) -> None:
        reason = "RS-NEW-PAIN" if mode == "rescreen" else None

        def done(snapshot: Any) -> None:
            self.flow.changed(Changes.ASSESSMENT)
            self.flow.snapshot = snapshot
            self.flow.goto(snapshot.step)

        self.flow.call(lambda s: s.start(self.flow.profile_id, mode=mode, reason=reason), done)

    def on_next(self) -> None:
        pass
