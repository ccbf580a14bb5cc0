"""Step 7: the first plan from core's builder, each start level with its reason in plain words, and the week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from backtrainer.i18n import N_, _, day_name, ngettext
from backtrainer.ui.context import Changes
from backtrainer.ui.pages.assessment.common import StepView, bullet_list, section
from backtrainer.ui.pages.base import card, label
from backtrainer.ui.widgets.flow import flow_row


def dose_text(item: Any) -> str:
    """"2 sets of 8 on each side", "1 set of 3 holds, 10 seconds each" ... as one translatable phrase per shape."""
    dose = item.dose
    sets = dose.sets
    values = {"sets": sets, "reps": dose.reps, "seconds": int(dose.hold_s) if dose.hold_s is not None else 0}
    if dose.hold_s is not None and dose.reps and item.chain == "CAR":
        if item.per_side:
            text = ngettext("{sets} set of {seconds} seconds on each side",
                            "{sets} sets of {seconds} seconds on each side", sets)
        else:
            text = ngettext("{sets} set of {seconds} seconds", "{sets} sets of {seconds} seconds", sets)
    elif dose.hold_s is not None and dose.reps == 1:
        if item.per_side:
            text = ngettext("{sets} set of 1 hold, {seconds} seconds on each side",
                            "{sets} sets of 1 hold, {seconds} seconds on each side", sets)
        else:
            text = ngettext("{sets} set of 1 hold, {seconds} seconds", "{sets} sets of 1 hold, {seconds} seconds",
                            sets)
    elif dose.hold_s is not None:
        if item.per_side:
            text = ngettext("{sets} set of {reps} holds, {seconds} seconds each on each side",
                            "{sets} sets of {reps} holds, {seconds} seconds each on each side", sets)
        else:
            text = ngettext("{sets} set of {reps} holds, {seconds} seconds each",
                            "{sets} sets of {reps} holds, {seconds} seconds each", sets)
    elif item.per_side:
        text = ngettext("{sets} set of {reps} on each side", "{sets} sets of {reps} on each side", sets)
    else:
        text = ngettext("{sets} set of {reps}", "{sets} sets of {reps}", sets)
    return text.format(**values)


def reason_lines(codes: Any, params: Any) -> list[str]:
    from backtrainer.content.education import load_assessment_messages

    messages = load_assessment_messages()
    lines = []
    for code in codes:
        if code not in messages.messages:
            continue
        try:
            lines.append(messages.render(code, params))
        except (KeyError, IndexError, ValueError):
            continue
    return list(dict.fromkeys(lines))


_SHORT_DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def short_day(day: date) -> str:
    """"Mon" style: the short weekday name in the current language."""
    return _(_SHORT_DAYS[day.weekday()])


class PlanView(StepView):
    STEP = "plan"
    TITLE = N_("Your plan")
    NEXT_TEXT = N_("Accept and start")

    def __init__(self, flow: Any, parent: QWidget | None = None) -> None:
        super().__init__(flow, parent)
        self.body.addWidget(label(
            _("Here is how we start. Each exercise begins at a level that fits what you showed us today. The plan "
              "changes as you go: it moves up when things feel easy and eases off when they do not."), "muted"))
        self.content = QVBoxLayout()
        self.content.setSpacing(16)
        self.body.addLayout(self.content)
        self.preview: Any = None

    def _clear(self) -> None:
        while self.content.count():
            item = self.content.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def enter(self, snapshot: Any, **kwargs: Any) -> None:
        self._clear()
        self.content.addWidget(label(_("Working out your plan…"), "muted"))
        self.flow.call(lambda s: s.preview_plan(self.flow.profile_id), self._show_preview)

    def _show_preview(self, preview: Any) -> None:
        self.preview = preview
        self._clear()
        included = [i for i in preview.items if i.included]
        left_out = [i for i in preview.items if not i.included]

        frame, box = section(_("Your exercises"))
        box.addWidget(label(self._first_session_line(preview), "muted"))
        for item in included:
            box.addWidget(self._item_card(item, self._turn_line(preview, item)))
        self.content.addWidget(frame)

        codes = list(preview.reasons)
        if any(c.startswith("MT-SLS:") and c != "MT-SLS:OK" for c in codes):
            # the balance result already says standing exercises come with a hand hold: say it once
            codes = [c for c in codes if not c.startswith("SUPPORT:")]
        changes = reason_lines(codes, preview.params)
        walk_lines = reason_lines(preview.walk_reasons, preview.walk_params)
        changes = [c for c in changes if c not in walk_lines]
        if changes:
            frame, box = section(_("Made to fit you"), role="ok")
            box.addWidget(bullet_list(changes))
            self.content.addWidget(frame)

        frame, box = section(_("Walking"))
        if preview.walk_minutes:
            low, high = preview.walks_per_day
            box.addWidget(label(_("Walk for {minutes} minutes, {low} to {high} times a day, at an easy pace where you "
                                  "can talk but not sing.").format(minutes=preview.walk_minutes, low=low, high=high),
                                "subtitle"))
        for line in walk_lines:
            box.addWidget(label(line))
        self.content.addWidget(frame)

        self.content.addWidget(self._week(preview))

        topics = self._topics(preview.education_week1)
        if topics:
            frame, box = section(_("Short lessons this week"))
            box.addWidget(bullet_list(topics))
            self.content.addWidget(frame)

        if left_out:
            frame, box = section(_("Not in your plan for now"))
            for item in left_out:
                reasons = reason_lines([c for c in item.reasons if c in ("PX-PRONE-NOT-OK", "AR-NO-BAND",
                                                                          "CAR-AFTER-L3")], item.params)
                if reasons:
                    line = _("{exercise}: {reasons}").format(exercise=item.chain_name, reasons=" ".join(reasons))
                else:
                    line = _("{exercise}: added later.").format(exercise=item.chain_name)
                box.addWidget(label(line, "muted"))
            self.content.addWidget(frame)
        for index in range(self.content.count()):
            added = self.content.itemAt(index)
            widget = added.widget() if added is not None else None
            if widget is not None:
                widget.show()  # added to a visible page: show now, not on the next event loop turn
        self.flow.set_next_text(self.NEXT_TEXT)

    @staticmethod
    def _first_session_line(preview: Any) -> str:
        """What the first session holds, from the same composition Today uses (preview.first_session)."""
        from backtrainer.content.exercises import load_library

        library = load_library()
        ids = list(preview.first_session)
        plan_ids = {i.exercise_id for i in preview.items if i.included}
        extra = [library.exercise(x).name for x in ids if x not in plan_ids]  # warm-up and cool-down
        main = len(ids) - len(extra)
        # one count everywhere: Today lists all of them ("13 exercises, about 35 minutes"), so say both numbers
        if extra:
            text = ngettext(
                "Your first session has {count} exercise, plus a warm-up and a cool-down ({names}): {total} in all.",
                "Your first session has {count} exercises, plus a warm-up and a cool-down ({names}): {total} in all.",
                main).format(count=main, names=", ".join(extra), total=len(ids))
        else:
            text = ngettext("Your first session has {count} exercise.", "Your first session has {count} exercises.",
                            main).format(count=main)
        return text

    @staticmethod
    def _turn_line(preview: Any, item: Any) -> str:
        """For the two exercises that take turns (ref 5.9): which session has this one."""
        turns = tuple(preview.turns or ())
        if item.chain not in turns:
            return ""
        other = next((i for i in preview.items if i.included and i.chain in turns and i.chain != item.chain), None)
        if other is None:
            return ""
        if item.exercise_id in preview.first_session:
            return _("Takes turns with {other}: this one is in your first session.").format(
                other=other.exercise_name)
        return _("Takes turns with {other}: this one starts in your second session.").format(
            other=other.exercise_name)

    def _item_card(self, item: Any, turn: str = "") -> QFrame:
        frame = QFrame()
        frame.setProperty("role", "notice" if item.with_support else "card")
        frame.setAccessibleName(_("{chain}: {exercise}, level {level}").format(
            chain=item.chain_name, exercise=item.exercise_name, level=item.level))
        box = QVBoxLayout(frame)
        box.setContentsMargins(18, 14, 18, 14)
        box.setSpacing(6)
        box.addWidget(label(f"{item.chain_name}: {item.exercise_name}", "subtitle"))
        level = _("Level {level} of {top}").format(level=item.level, top=item.top_level)
        box.addWidget(label(f"{level}  ·  {dose_text(item)}", "muted"))
        codes = list(item.reasons)
        if item.chain == "QX" and any(c.startswith("MT-ASLR:QX") for c in codes):
            # The QX start comes from the bridge hold and the leg lift; the leg-lift sentence names this exercise,
            # the bridge sentence would talk about the bridge, so only the first is shown here.
            codes = [c for c in codes if not c.startswith("MT-BRIDGE:")]
        lines = reason_lines(codes, item.params)
        if item.extra_set_side and not any(c.startswith("MT-SIDEBRIDGE:RATIO") for c in codes):
            # the side-bridge reason already says which side gets the extra set: say it once
            lines.append(_("One extra set on your left side.") if item.extra_set_side == "left"
                         else _("One extra set on your right side."))
        if turn:
            lines.append(turn)
        for line in lines:
            box.addWidget(label(line))
        return frame

    def _week(self, preview: Any) -> QFrame:
        frame, box = card()
        box.addWidget(label(_("Your week"), "subtitle"))
        # the length Today will show for the first session, not the template's 20-30 minutes (ref 5.9 [PD]): the
        # optional chains this profile gets (band, lying face down) make it longer
        minutes = preview.first_minutes
        if minutes:
            week = ngettext(
                "3 exercise sessions of about {count} minute, with a rest day between them, and a walk every day. "
                "You can move a session to another day if you need to.",
                "3 exercise sessions of about {count} minutes, with a rest day between them, and a walk every day. "
                "You can move a session to another day if you need to.", minutes).format(count=minutes)
        else:
            week = _("3 exercise sessions of 20 to 30 minutes, with a rest day between them, and a walk every day. "
                     "You can move a session to another day if you need to.")
        box.addWidget(label(week, "muted"))
        cells: list[QWidget] = []
        start = date.fromisoformat(preview.start_day)
        sessions = set(preview.session_days)
        for i in range(7):
            day = start + timedelta(days=i)
            cell = QFrame()
            is_session = day.isoformat() in sessions
            cell.setProperty("role", "ok" if is_session else "card")
            col = QVBoxLayout(cell)
            col.setContentsMargins(8, 10, 8, 10)
            col.setSpacing(4)
            name = label(short_day(day), "subtitle")
            name.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            col.addWidget(name)
            what = _("Session\nand walk") if is_session else _("Walk")
            text = label(what, "body")
            text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            col.addWidget(text)
            cell.setAccessibleName(
                _("{weekday}: exercise session and a walk").format(weekday=day_name(day)) if is_session
                else _("{weekday}: a walk").format(weekday=day_name(day)))
            cells.append(cell)
        box.addWidget(flow_row(cells, spacing=8))  # the days go onto two lines at 200 % text
        return frame

    @staticmethod
    def _topics(ids: Any) -> list[str]:
        from backtrainer.content.education import load_education

        content = load_education()
        out = []
        for topic_id in ids:
            try:
                out.append(content.topic(topic_id).title)
            except KeyError:
                continue
        return out

    def on_next(self) -> None:
        def done(_preview: Any) -> None:
            self.flow.changed(Changes.ASSESSMENT | Changes.PLAN)

            def start(_snap: Any) -> None:
                self.flow.goto("done", accepted=True)  # what the assessment page shows from now on
                self.flow.ctx.signals.navigate.emit("session")  # "Accept and start": the first session's start

            self.flow.reload(start)

        self.flow.call(lambda s: s.accept_plan(self.flow.profile_id), done)
