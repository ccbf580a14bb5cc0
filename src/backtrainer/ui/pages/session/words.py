"""Plain words for doses, tempo phases and the engine's decisions (reason codes -> sentences, style 5.2 i18n:
core returns codes, only the UI turns them into words). No rules: the decision comes from the engine."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from backtrainer.i18n import N_, _, decimal
from backtrainer.i18n import short_date as _short_date

# Marked here, translated where shown: ``_(BLOCK_WORDS[...])``.
BLOCK_WORDS = {"warmup": N_("Warm-up"), "core": N_("Core"), "function": N_("Everyday strength"),
               "optional": N_("Extra"), "cooldown": N_("Cool-down"), "mobility": N_("Gentle movement")}
KIND_WORDS = {
    "STANDARD": N_("Today's session"),
    "REENTRY": N_("Building back up after your flare-up"),
    "HALF": N_("A lighter session today"),
    "FLARE": N_("Flare-up session"),
    "SNACK": N_("Movement snack"),
    "LOCKED": N_("Exercises paused"),
}


def kind_words(kind: str) -> str:
    """The translated name of a session kind ("Today's session" when unknown)."""
    return _(KIND_WORDS.get(kind, N_("Today's session")))


def block_words(block: str) -> str:
    """The translated name of a session block ("" when unknown)."""
    words = BLOCK_WORDS.get(block)
    return _(words) if words else ""


def _num(x: float) -> str:
    return decimal(x, 1, trim=True)


def dose_text(dose: Any, *, per_side: bool = False) -> str:
    """ "2 x 8", "1 x 5 holds of 5 s", "3 x 20 s" ... with "each side" and any added load."""
    if dose.tempo is None and dose.hold_s is not None:
        text = _("{sets} x {seconds} s").format(sets=dose.sets, seconds=_num(dose.hold_s))
    elif dose.hold_s is not None:
        text = (_("{sets} x {seconds} s hold").format(sets=dose.sets, seconds=_num(dose.hold_s)) if dose.reps == 1
                else _("{sets} x {reps} holds of {seconds} s").format(sets=dose.sets, reps=dose.reps,
                                                                       seconds=_num(dose.hold_s)))
    else:
        text = f"{dose.sets} x {dose.reps}"
    if dose.load_kg:
        text = _("{dose}, +{kg} kg per hand").format(dose=text, kg=_num(dose.load_kg))
    return _("{dose} each side").format(dose=text) if per_side else text


def tempo_text(tempo: Any, words: Any = None) -> str:
    """ "2 s to lift, 1 s hold, 2 s to lower"; with the exercise's own phase ``words`` ("Round up", "Hold",
    "Let it sag") "Round up: 3 s, let it sag: 3 s"."""
    if not tempo:
        return ""
    a, b, c = tempo
    if words:
        pairs = [(word, n) for word, n in zip(words, (a, b, c), strict=True) if n]
        named = [_("{word}: {seconds} s").format(word=word if i == 0 else word[:1].lower() + word[1:], seconds=n)
                 for i, (word, n) in enumerate(pairs)]
        return ", ".join(named)
    parts = [_("{seconds} s to lift").format(seconds=a)] if a else []
    if b:
        parts.append(_("{seconds} s hold").format(seconds=b))
    if c:
        parts.append(_("{seconds} s to lower").format(seconds=c))
    return ", ".join(parts)


def short_date(day: date | str) -> str:
    """ "12 November" (day and month, in the current language) from a date or an ISO date string."""
    d = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return _short_date(d)


def _messages() -> Any:
    from backtrainer.content.exercises import load_progression_messages

    return load_progression_messages()


def render(template: str, params: Mapping[str, Any]) -> str | None:
    names = {n for _lit, n, _spec, _conv in string.Formatter().parse(template) if n}
    if not names <= set(params):
        return None
    try:
        return template.format(**{k: (short_date(v) if k == "until" and isinstance(v, str) else v)
                                   for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return None


GENERIC_REASONS = ("H_MORE_SESSIONS", "H_FIRST_SESSION", "DEFAULT")  # said last when a more specific one exists


def reason_sentences(reasons: Iterable[str], params: Mapping[str, Any], limit: int = 2) -> list[str]:
    table = _messages().reasons
    out: list[str] = []
    codes = list(reasons)
    specific = [c for c in codes if c not in GENERIC_REASONS and c in table]
    if specific:
        codes = specific + [c for c in codes if c in GENERIC_REASONS]
    for code in codes:
        template = table.get(code)
        if template is None:
            continue
        text = render(template, params)
        if text and text not in out:
            out.append(text)
        if len(out) >= limit:
            break
    return out


def event_sentence(code: str, params: Mapping[str, Any]) -> str | None:
    template = _messages().events.get(code)
    return render(template, params) if template else None


def _name(library: Any, exercise_id: str) -> str:
    try:
        return str(library.exercise(exercise_id).name)
    except (KeyError, ValueError, AttributeError):
        return exercise_id


def decision_line(decision: Any, library: Any, *, rated: Mapping[str, Any] | None = None,
                  too_hard_from: str | None = None) -> tuple[str, str]:
    """(headline, reasons) for one engine decision, e.g. ("Full bridge stays at 2 x 8", "This felt hard. ...").

    ``too_hard_from``: the exercise of this chain that was marked "this is too hard" today (already stepped back).
    """
    action = decision.action.value
    name = _name(library, decision.exercise_id)
    if too_hard_from is not None:
        dose = decision.dose_after or decision.dose_before
        try:
            per_side = bool(library.exercise(decision.to_exercise_id).per_side)
        except (KeyError, ValueError, AttributeError):
            per_side = False
        old = _name(library, too_hard_from)
        new = _name(library, decision.to_exercise_id)
        target = (_("{name}, {dose}").format(name=new, dose=dose_text(dose, per_side=per_side)) if new != old
                  else dose_text(dose, per_side=per_side))
        return (_("{name} steps back to {target}").format(name=old, target=target),
                _('You said "this is too hard" today, so it is one step easier from now on.'))
    new_name = _name(library, decision.to_exercise_id)
    try:
        per_side = bool(library.exercise(decision.to_exercise_id).per_side)
    except (KeyError, ValueError, AttributeError):
        per_side = False
    dose = decision.dose_after or decision.dose_before
    dose_words = dose_text(dose, per_side=per_side) if dose is not None else ""
    target = _("{name}, {dose}").format(name=new_name, dose=dose_words) if new_name != name else dose_words
    if action == "PROGRESS":
        head = _("{name} moves up to {target}").format(name=name, target=target)
    elif action in ("REGRESS_STEP", "REGRESS_LEVEL"):
        head = _("{name} steps back to {target}").format(name=name, target=target)
    elif action == "DELOAD":
        head = _("{name} is a little easier for now: {target}").format(name=name, target=target)
    elif action == "FLARE":
        head = _("{name} rests during the flare-up").format(name=name)
    elif action == "LOCK":
        head = _("{name} is paused").format(name=name)
    elif action == "PAUSE":
        head = _("{name} rests for a few days").format(name=name)
    else:
        head = (_("{name} stays at {dose}").format(name=name, dose=dose_words) if dose_words
                else _("{name} stays the same").format(name=name))
    sentences = reason_sentences(decision.reasons, decision.params)
    mine = (rated or {}).get(decision.exercise_id)
    if mine is not None and getattr(mine, "rpe", None) is not None and (
            {"H_HARD", "H_TOO_HARD", "R3"} & set(decision.reasons)):
        sentences.insert(0, _("You rated the effort {rpe} out of 10 today.").format(rpe=mine.rpe))
    if mine is not None and getattr(mine, "too_hard", False):
        sentences.insert(0, _('You said "this is too hard" today.'))
    return head, " ".join(sentences)


def history_line(event: Any, library: Any) -> tuple[str, str]:
    """(headline, reasons) for one stored decision event of the exercise page, e.g. "Level 2 → 3 on 12 November"."""
    when = short_date(event.day)
    payload = dict(event.payload or {})
    params = dict(payload.get("params") or {})
    if event.kind == "too_hard":
        return (_('{date}: you said "this is too hard"').format(date=when),
                _("It stepped back one step straight away."))
    if event.kind == "clinician_action":
        return (_("{date}: your clinician changed this").format(date=when),
                " ".join(reason_sentences(event.reasons, params)))
    fl, fs = payload.get("from_level"), payload.get("from_step")
    tl, ts = payload.get("to_level"), payload.get("to_step")
    action = str(payload.get("action") or "")
    if fl is not None and tl is not None and fl != tl:
        head = _("Level {from_level} → {to_level} on {date}").format(from_level=fl, to_level=tl, date=when)
    elif fs is not None and ts is not None and fs != ts:
        head = _("Level {level}, step {from_step} → {to_step} on {date}").format(level=tl, from_step=fs,
                                                                                 to_step=ts, date=when)
    elif action == "FLARE":
        head = _("Flare-up session on {date}").format(date=when)
    elif action in ("LOCK", "PAUSE"):
        head = _("Paused on {date}").format(date=when)
    else:
        head = _("Stayed at level {level}, step {step} on {date}").format(level=tl, step=ts, date=when)
    del library
    return head, " ".join(reason_sentences(event.reasons, params))
