"""Plain words for doses, tempo phases and the engine's decisions (reason codes -> sentences, style 5.2 i18n:
core returns codes, only the UI turns them into words). No rules: the decision comes from the engine."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

BLOCK_WORDS = {"warmup": "Warm-up", "core": "Core", "function": "Everyday strength", "optional": "Extra",
               "cooldown": "Cool-down", "mobility": "Gentle movement"}
KIND_WORDS = {
    "STANDARD": "Today's session",
    "REENTRY": "Building back up after your flare-up",
    "HALF": "A lighter session today",
    "FLARE": "Flare-up session",
    "SNACK": "Movement snack",
    "LOCKED": "Exercises paused",
}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def dose_text(dose: Any, *, per_side: bool = False) -> str:
    """ "2 x 8", "1 x 5 holds of 5 s", "3 x 20 s" ... with "each side" and any added load."""
    side = " each side" if per_side else ""
    if dose.tempo is None and dose.hold_s is not None:
        text = f"{dose.sets} x {_num(dose.hold_s)} s"
    elif dose.hold_s is not None:
        text = (f"{dose.sets} x {_num(dose.hold_s)} s hold" if dose.reps == 1
                else f"{dose.sets} x {dose.reps} holds of {_num(dose.hold_s)} s")
    else:
        text = f"{dose.sets} x {dose.reps}"
    if dose.load_kg:
        text += f", +{_num(dose.load_kg)} kg per hand"
    return text + side


def tempo_text(tempo: Any) -> str:
    if not tempo:
        return ""
    a, b, c = tempo
    parts = [f"{a} s to lift"] if a else []
    if b:
        parts.append(f"{b} s hold")
    if c:
        parts.append(f"{c} s to lower")
    return ", ".join(parts)


def short_date(day: date | str) -> str:
    d = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return f"{d.day} {d:%b}"


def _messages() -> Any:
    from backtrainer.content.exercises import load_progression_messages

    return load_progression_messages()


def render(template: str, params: Mapping[str, Any]) -> str | None:
    names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
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
        target = f"{new}, {dose_text(dose, per_side=per_side)}" if new != old else dose_text(dose, per_side=per_side)
        return (f"{old} steps back to {target}",
                'You said "this is too hard" today, so it is one step easier from now on.')
    new_name = _name(library, decision.to_exercise_id)
    try:
        per_side = bool(library.exercise(decision.to_exercise_id).per_side)
    except (KeyError, ValueError, AttributeError):
        per_side = False
    dose = decision.dose_after or decision.dose_before
    dose_words = dose_text(dose, per_side=per_side) if dose is not None else ""
    target = f"{new_name}, {dose_words}" if new_name != name else dose_words
    if action == "PROGRESS":
        head = f"{name} moves up to {target}"
    elif action in ("REGRESS_STEP", "REGRESS_LEVEL"):
        head = f"{name} steps back to {target}"
    elif action == "DELOAD":
        head = f"{name} is a little easier for now: {target}"
    elif action == "FLARE":
        head = f"{name} rests during the flare-up"
    elif action == "LOCK":
        head = f"{name} is paused"
    elif action == "PAUSE":
        head = f"{name} rests for a few days"
    else:
        head = f"{name} stays at {dose_words}" if dose_words else f"{name} stays the same"
    sentences = reason_sentences(decision.reasons, decision.params)
    mine = (rated or {}).get(decision.exercise_id)
    if mine is not None and getattr(mine, "rpe", None) is not None and (
            {"H_HARD", "H_TOO_HARD", "R3"} & set(decision.reasons)):
        sentences.insert(0, f"You rated the effort {mine.rpe} out of 10 today.")
    if mine is not None and getattr(mine, "too_hard", False):
        sentences.insert(0, 'You said "this is too hard" today.')
    return head, " ".join(sentences)


def history_line(event: Any, library: Any) -> tuple[str, str]:
    """(headline, reasons) for one stored decision event of the exercise page, e.g. "Level 2 → 3 on 12 Nov"."""
    when = short_date(event.day)
    payload = dict(event.payload or {})
    params = dict(payload.get("params") or {})
    if event.kind == "too_hard":
        return (f'{when}: you said "this is too hard"', "It stepped back one step straight away.")
    if event.kind == "clinician_action":
        return (f"{when}: your clinician changed this", " ".join(reason_sentences(event.reasons, params)))
    fl, fs = payload.get("from_level"), payload.get("from_step")
    tl, ts = payload.get("to_level"), payload.get("to_step")
    action = str(payload.get("action") or "")
    if fl is not None and tl is not None and fl != tl:
        head = f"Level {fl} → {tl} on {when}"
    elif fs is not None and ts is not None and fs != ts:
        head = f"Level {tl}, step {fs} → {ts} on {when}"
    elif action == "FLARE":
        head = f"Flare-up session on {when}"
    elif action in ("LOCK", "PAUSE"):
        head = f"Paused on {when}"
    else:
        head = f"Stayed at level {tl}, step {ts} on {when}"
    del library
    return head, " ".join(reason_sentences(event.reasons, params))
