"""Progress use case: read a profile's history from the store and turn it into plot series (core.charts).

Runs on the worker thread. One read transaction; column selects (not ORM rows) keep three years of daily data
fast. The words for verdict and reason codes are picked here from the content files, with calm fallbacks for the
codes a content file does not (yet) have.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtrainer.core import charts
from backtrainer.i18n import N_, _, date_label, decimal, ngettext
from backtrainer.store.errors import NotFoundError
from backtrainer.store.reading import read_only, session_connection
from backtrainer.store.session_records import ChainState

if TYPE_CHECKING:
    from backtrainer.store.db import Database

log = logging.getLogger("backtrainer.progress")

CHAIN_ORDER: tuple[str, ...] = ("MC", "QX", "PX", "LAT", "AR", "ANT", "GLU", "ABD", "HNG", "SQT", "CAR")
DEFAULT_SESSIONS_PER_WEEK = 3  # ref 5.9 session template default [PD]

# The words below are English msgids (N_): look them up with chain_name(), instrument_name() and action_word(),
# which answer in the current language.
CHAIN_NAMES: Mapping[str, str] = {
    "MC": N_("Deep tummy muscles"), "QX": N_("Back muscles (hands and knees)"),
    "PX": N_("Back muscles (lying face down)"), "LAT": N_("Side of the trunk"), "AR": N_("Anti-rotation (band)"),
    "ANT": N_("Curl-up"), "GLU": N_("Buttock muscles"), "ABD": N_("Side of the hip"), "HNG": N_("Hip bend (hinge)"),
    "SQT": N_("Sit to stand / squat"), "CAR": N_("Carrying"),
}
INSTRUMENT_NAMES: Mapping[str, str] = {
    "ODI": N_("Daily-life score (ODI)"), "RMDQ": N_("Daily-life score (RMDQ)"),
    "PSFS": N_("Activities that matter to you"), "PSEQ": N_("Confidence despite pain (PSEQ)"),
    "PSEQ2": N_("Confidence, short check (PSEQ-2)"), "TSK11": N_("Worry about movement (TSK-11)"),
    "FABQ_PA": N_("Beliefs about activity (FABQ-PA)"),
}
_FALLBACK_VERDICTS: Mapping[str, str] = {
    "improved_mcid": N_("{name} improved by {points}: a real change."),
    "improved_small": N_("{name} improved by {points}. Small steps add up."),
    "no_change": N_("{name} is about the same as when you started."),
    "higher": N_("{name} is {points} higher than when you started."),
    "lower": N_("{name} is {points} lower than when you started."),
    "changed_small": N_("{name} changed by {points}."),
}
_SHORT_NAMES: Mapping[str, str] = {
    "odi": N_("Your daily-life score"), "rmdq": N_("Your daily-life score"), "psfs": N_("Your activity score"),
    "pseq": N_("Your confidence score"), "pseq2": N_("Your confidence score"),
    "tsk11": N_("Your worry about movement"), "fabq_pa": N_("Your beliefs-about-activity score"),
    "nprs": N_("Your pain score"),
}
MOVEMENT_WORDS: Mapping[str, str] = {"first": N_("first map"), "up": N_("moved up (good)"),
                                      "down": N_("reached further down"), "same": N_("about the same")}
ACTION_WORDS: Mapping[str, str] = {
    "PROGRESS": N_("Moved up"), "REGRESS_STEP": N_("Stepped back"), "REGRESS_LEVEL": N_("Went to an easier level"),
    "DELOAD": N_("Eased back in"), "PAUSE": N_("Rested"), "LOCK": N_("Set by your clinician"),
    "FLARE": N_("Flare-up plan"), "HOLD": N_("Stayed the same"), "START": N_("Plan started"),
}


def chain_name(chain: str) -> str:
    """The plain name of a progression chain in the current language (the code when unknown)."""
    name = CHAIN_NAMES.get(chain)
    return _(name) if name else chain


def chain_names() -> dict[str, str]:
    """Every chain's plain name in the current language (for chart legends)."""
    return {code: _(name) for code, name in CHAIN_NAMES.items()}


def instrument_name(instrument: str) -> str:
    name = INSTRUMENT_NAMES.get(instrument)
    return _(name) if name else instrument


def action_word(action: str) -> str:
    """What a decision did, in plain words ("Moved up"), in the current language."""
    word = ACTION_WORDS.get(action)
    return _(word) if word else action.replace("_", " ").capitalize()


# ---------------------------------------------------------------------------------------------------------------------
# The history of one profile
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventInfo:
    day: date
    at: str
    kind: str
    chain: str | None
    exercise_id: str | None
    reasons: tuple[str, ...]
    payload: Mapping[str, Any]
    actor: str


@dataclass(frozen=True)
class ScreeningInfo:
    at: str
    kind: str
    tier: str
    reasons: tuple[str, ...]
    answers: Mapping[str, Any]
    cleared_at: str | None
    cleared_by: str | None
    cleared_note: str | None


@dataclass(frozen=True)
class MovementInfo:
    at: str
    test_id: str
    data: Mapping[str, Any]
    pain_before: int | None
    pain_after: int | None
    stopped_reason: str | None
    could_not_do: bool


@dataclass(frozen=True)
class History:
    profile_id: int
    nickname: str
    created_at: str
    age: int | None
    pain_weeks: int | None
    first_episode: bool | None
    flags: tuple[str, ...]
    modifiers: tuple[str, ...]
    sessions_per_week: int
    planned_weekdays: frozenset[int]
    plan_start: date | None
    checkins: tuple[charts.CheckinPoint, ...]
    sessions: tuple[charts.SessionPoint, ...]
    questionnaires: tuple[charts.QuestionnairePoint, ...]
    decisions: tuple[charts.DecisionPoint, ...]
    maps: tuple[charts.MapInput, ...]
    plan: tuple[ChainState, ...]
    events: tuple[EventInfo, ...] = ()
    screenings: tuple[ScreeningInfo, ...] = ()
    movement: tuple[MovementInfo, ...] = ()
    questionnaire_meta: tuple[tuple[str, str, str, str | None, int], ...] = ()  # (id, version, at, band, missing)

    @property
    def first_day(self) -> date | None:
        days = [c.day for c in self.checkins] + [s.day for s in self.sessions] + [q.day for q in self.questionnaires]
        days += [m.day for m in self.maps]
        return min(days, default=None)

    @property
    def leg_pathway(self) -> bool:
        return "LEG" in self.modifiers

    @property
    def has_data(self) -> bool:
        return bool(self.checkins or self.sessions or self.questionnaires or self.maps or self.decisions)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _json_dict(text: object) -> dict[str, Any]:
    value = json.loads(text) if isinstance(text, str) and text else text
    return dict(value) if isinstance(value, dict) else {}


def _json_list(text: object) -> list[Any]:
    value = json.loads(text) if isinstance(text, str) and text else text
    return list(value) if isinstance(value, list) else []


def load_history(db: Database | Path, profile_id: int, *, full: bool = False) -> History:
    """Everything the Progress page draws for one profile; ``full`` adds what only the report needs.

    Plain SQL: given the database's path (the Progress page) it reads on a read-only connection of its own, so the
    page needs no ORM (SQLAlchemy costs ~250 ms to import); given the ORM database (the report, tests), it reads on
    the connection of an ORM session."""
    if isinstance(db, Path):
        with read_only(db, snapshot=True) as con:  # one read transaction: a save landing meanwhile is seen whole
            return _read_history(con, profile_id, full)
    with db.session_scope() as s:
        return _read_history(session_connection(s), profile_id, full)


def _read_history(con: sqlite3.Connection, profile_id: int, full: bool) -> History:
    prof = con.execute("SELECT nickname, created_at, age, first_episode, pain_weeks, flags, assessment_state, config "
                       "FROM profile WHERE id = ?", (profile_id,)).fetchone()
    if prof is None:
        raise NotFoundError(f"profile {profile_id} does not exist")
    nickname, created_at, age, first_episode, pain_weeks = prof[:5]
    flags = tuple(str(f) for f in _json_list(prof[5]))
    state = _json_dict(prof[6])
    config = _json_dict(prof[7])

    def rows(sql: str) -> list[Any]:
        return list(con.execute(sql, (profile_id,)).fetchall())

    checkins = tuple(
        charts.CheckinPoint(date.fromisoformat(d), m, leg, w)
        for d, m, leg, w in rows("SELECT day, morning_pain, leg_pain, worst_24h FROM checkin "
                                 "WHERE profile_id = ? ORDER BY day")
    )
    sessions = tuple(
        charts.SessionPoint(date.fromisoformat(d), bool(done), bool(counts), str(kind))
        for d, done, counts, kind in rows("SELECT day, completed, counts, kind FROM session "
                                          "WHERE profile_id = ? ORDER BY day, id")
    )
    q_rows = rows("SELECT instrument_id, at, score, band, raw_items, instrument_version, missing_count "
                  "FROM questionnaire_response WHERE profile_id = ? ORDER BY id")
    questionnaires = tuple(
        charts.QuestionnairePoint(str(i), date.fromisoformat(at[:10]), None if sc is None else float(sc), band,
                                  _json_dict(raw))
        for i, at, sc, band, raw, _, _ in q_rows
    )
    events = tuple(
        EventInfo(date.fromisoformat(d), at, k, ch, ex, tuple(_json_list(r)), _json_dict(p), actor)
        for d, at, k, ch, ex, r, p, actor in rows(
            "SELECT day, at, kind, chain, exercise_id, reasons, payload, actor FROM event "
            "WHERE profile_id = ? ORDER BY at, id")
    )
    map_rows = rows("SELECT id, at, context FROM body_map WHERE profile_id = ? ORDER BY id")
    regions: dict[int, list[tuple[str, int | None, tuple[str, ...]]]] = {int(i): [] for i, _, _ in map_rows}
    for mid, rid, inten, quals in rows(
            "SELECT r.body_map_id, r.region_id, r.intensity, r.qualities FROM body_map_region r "
            "JOIN body_map m ON m.id = r.body_map_id WHERE m.profile_id = ? ORDER BY r.id"):
        regions[int(mid)].append((str(rid), inten, tuple(str(q) for q in _json_list(quals))))
    maps = tuple(charts.MapInput(date.fromisoformat(at[:10]), ctx, tuple(regions[int(i)]))
                 for i, at, ctx in map_rows)
    plan = tuple(
        ChainState(c, e, int(lv), int(st), since, included=bool(inc), locked=bool(lock), paused_until=paused)
        for c, e, lv, st, inc, lock, since, paused in rows(
            "SELECT chain, exercise_id, level, step, included, locked, since_day, paused_until FROM plan_chain "
            "WHERE profile_id = ? ORDER BY id")
    )
    screenings: tuple[ScreeningInfo, ...] = ()
    movement: tuple[MovementInfo, ...] = ()
    if full:
        screenings = tuple(
            ScreeningInfo(at, kind, tier, tuple(_json_list(reasons)), _json_dict(answers), c_at, c_by, c_note)
            for at, kind, tier, reasons, answers, c_at, c_by, c_note in rows(
                "SELECT at, kind, tier, reasons, answers, cleared_at, cleared_by, cleared_note FROM screening "
                "WHERE profile_id = ? ORDER BY id")
        )
        movement = tuple(
            MovementInfo(at, test, _json_dict(data), before, after, stopped, bool(cnd))
            for at, test, data, before, after, stopped, cnd in rows(
                "SELECT at, test_id, data, pain_before, pain_after, stopped_reason, could_not_do "
                "FROM movement_test WHERE profile_id = ? ORDER BY id")
        )
    meta = tuple((str(i), str(v), str(at), band, int(miss or 0)) for i, at, _, band, _, v, miss in q_rows)

    decisions: list[charts.DecisionPoint] = []
    planned_weekdays: frozenset[int] = frozenset()
    plan_start: date | None = _day(str(state.get("plan_day") or "")) if state.get("plan_day") else None
    for e in events:
        if e.kind == "decision" and e.chain:
            p = e.payload
            params = p.get("params")
            decisions.append(charts.DecisionPoint(
                e.day, e.chain, str(p.get("action") or "HOLD"), _int(p.get("from_level")), _int(p.get("from_step")),
                _int(p.get("to_level")), _int(p.get("to_step")), e.reasons,
                dict(params) if isinstance(params, Mapping) else {}, e.exercise_id))
        elif e.kind == "plan_start" and e.chain:
            level, step = _int(e.payload.get("level")), _int(e.payload.get("step"))
            decisions.append(charts.DecisionPoint(e.day, e.chain, "START", level, step, level, step, e.reasons, {},
                                                  e.exercise_id))
        elif e.kind == "plan_accepted":
            days = e.payload.get("session_days")
            if isinstance(days, list):
                parsed = [_day(str(d)) for d in days]
                planned_weekdays = frozenset(d.weekday() for d in parsed if d is not None)
            plan_start = plan_start or e.day
    per_week = _int(config.get("sessions_per_week")) or DEFAULT_SESSIONS_PER_WEEK
    if planned_weekdays and len(planned_weekdays) != per_week:
        per_week = len(planned_weekdays)
    modifiers = state.get("modifiers")
    return History(
        profile_id=profile_id, nickname=str(nickname), created_at=str(created_at), age=_int(age),
        pain_weeks=_int(pain_weeks), first_episode=None if first_episode is None else bool(first_episode),
        flags=flags,
        modifiers=tuple(str(m) for m in modifiers) if isinstance(modifiers, list) else (),
        sessions_per_week=per_week, planned_weekdays=planned_weekdays, plan_start=plan_start,
        checkins=checkins, sessions=sessions, questionnaires=questionnaires, decisions=tuple(decisions),
        maps=maps, plan=plan, events=events, screenings=screenings, movement=movement, questionnaire_meta=meta,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Series for a range
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressData:
    history: History
    range: charts.Range
    today: date
    start: date
    pain: charts.PainSeries
    outcomes: tuple[charts.OutcomeSeries, ...]
    adherence: charts.AdherenceSeries
    load: charts.LoadSeries
    body_maps: charts.BodyMapSeries
    texts: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.history.has_data


def build_progress(history: History, rng: charts.Range, today: date, *, max_maps: int = 8) -> ProgressData:
    """All series for ``rng`` ending ``today`` (pure: history in, series out)."""
    start = charts.range_start(rng, today, history.first_day)
    flare_events = [(e.day, e.kind) for e in history.events if e.kind in ("flare_start", "flare_end")]
    nprs = [q for q in history.questionnaires if q.instrument == "NPRS" and q.score is not None]
    pain = charts.pain_series(history.checkins, flare_events, today=today, start=start,
                              leg_pathway=history.leg_pathway,
                              baseline_rating=nprs[0].score if nprs else None)
    outcomes = charts.outcome_series(history.questionnaires, start=start, today=today)
    adherence = charts.adherence_series(history.sessions, start=start, today=today, plan_start=history.plan_start,
                                        per_week=history.sessions_per_week,
                                        planned_weekdays=history.planned_weekdays)
    current = {p.chain: (p.level, p.step) for p in history.plan if p.included}
    decisions = [d for d in history.decisions if d.chain in current or not current]
    load = charts.load_series(decisions, current, start=start, today=today, chain_order=CHAIN_ORDER)
    maps = charts.body_map_series(history.maps, start=start, today=today, max_panels=max_maps)
    data = ProgressData(history, rng, today, start, pain, tuple(outcomes), adherence, load, maps)
    return ProgressData(history, rng, today, start, pain, tuple(outcomes), adherence, load, maps, texts(data))


def load_progress(db: Database | Path, profile_id: int, rng: charts.Range, today: date) -> ProgressData:
    return build_progress(load_history(db, profile_id), rng, today)


# ---------------------------------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------------------------------


def _safe_format(template: str, params: Mapping[str, object]) -> str | None:
    names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
    if not names <= set(params):
        return None
    try:
        return template.format(**params)
    except (ValueError, KeyError, IndexError):
        return None


def _num(value: float) -> str:
    return decimal(value, 0) if abs(value - round(value)) < 0.05 else decimal(value, 1)


def verdict_text(code: str | None, points: float | None) -> str | None:
    """Plain words for a verdict code of core.charts (messages/assessment.toml [verdicts], else a fallback)."""
    if code is None:
        return None
    number = _num(points or 0.0)
    # "{points}" carries its unit, so one point is "1 point", not "1 points" (seen on the Progress page)
    params = {"points": ngettext("{count} point", "{count} points", 1 if number == "1" else 2).format(count=number)}
    try:
        from backtrainer.content.education import load_assessment_messages

        template = load_assessment_messages().verdicts.get(code)
    except Exception:  # content problems must not hide the chart; log and use the fallback
        log.warning("assessment messages unavailable for verdict %s", code)
        template = None
    if template:
        text = _safe_format(template, params)
        if text:
            return text
    prefix, _sep, kind = code.partition("_")
    for known in _SHORT_NAMES:
        if code.startswith(known + "_"):
            prefix, kind = known, code[len(known) + 1:]
    fallback = _FALLBACK_VERDICTS.get(kind)
    if fallback is None:
        return None
    name = _SHORT_NAMES.get(prefix)
    return _(fallback).format(name=_(name) if name else _("Your score"), points=params["points"])


def _progression_messages() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """content/messages/progression.toml in the current language (its translation laid over the English)."""
    try:
        from backtrainer.content.loader import ContentError, localized
    except ModuleNotFoundError:
        log.warning("progression messages unavailable")
        return {}, {}
    try:
        data = localized("messages/progression.toml")
    except (ContentError, OSError, ValueError):
        log.warning("progression messages unavailable")
        return {}, {}
    reasons = data.get("reasons", {})
    events = data.get("events", {})
    if not isinstance(reasons, Mapping) or not isinstance(events, Mapping):
        return {}, {}
    return ({str(k): str(v) for k, v in reasons.items()}, {str(k): str(v) for k, v in events.items()})


_MESSAGES: dict[str, tuple[Mapping[str, str], Mapping[str, str]]] = {}  # per language


def reason_text(codes: Sequence[str], params: Mapping[str, object]) -> str:
    """Plain words for the reason codes of a decision (content/messages/progression.toml)."""
    from backtrainer.i18n import language

    lang = language()
    if lang not in _MESSAGES:
        _MESSAGES[lang] = _progression_messages()
    reasons = _MESSAGES[lang][0]
    parts: list[str] = []
    for code in codes:
        template = reasons.get(code)
        text = _safe_format(template, params) if template else None
        if text and text not in parts:
            parts.append(text)
    if not parts:
        if codes:
            return _("Rule {codes}.").format(codes=", ".join(codes))
        return reasons.get("DEFAULT") or _("The plan changed here.")
    return " ".join(parts)


def marker_text(chain: str, marker: charts.DecisionMarker) -> str:
    """The hover/click text of one decision marker: what changed, when, and why in plain words."""
    name = chain_name(chain)
    what = action_word(marker.action)
    why = reason_text(marker.reasons, marker.params)
    if marker.from_level is not None and marker.to_level is not None:
        head = _("{date}. {chain}: {action} from level {from_level} step {from_step} to level {to_level} step "
                 "{to_step}.").format(date=date_label(marker.day), chain=name, action=what.lower(),
                                      from_level=marker.from_level, from_step=marker.from_step or 0,
                                      to_level=marker.to_level, to_step=marker.to_step or 0)
    else:
        head = _("{date}. {chain}: {action}.").format(date=date_label(marker.day), chain=name, action=what)
    return f"{head}\n{why}"


def texts(data: ProgressData) -> dict[str, str]:
    """Short plain-language summaries for each chart (also the charts' accessible descriptions)."""
    out: dict[str, str] = {}
    pain = data.pain
    later = [c for c in data.history.checkins if data.start <= c.day <= data.today and c.morning is None]
    if pain.empty and later:
        # Ref 6.1: morning pain is the first check-in of the day before 12:00 local time; a check-in after noon asks
        # average and worst pain only (services.training.MORNING_CUTOFF_HOUR). Say so instead of "no ratings".
        out["pain"] = ngettext(
            "Your check-in in this time was after 12 noon, so it has no morning pain rating. Morning pain is asked "
            "when you check in before noon, and then it shows here.",
            "Your {count} check-ins in this time were after 12 noon, so they have no morning pain rating. Morning "
            "pain is asked when you check in before noon, and then it shows here.", len(later)).format(
            count=len(later))
    elif pain.empty:
        out["pain"] = _("No morning pain ratings in this time yet. Your daily check-in adds one each morning.")
    else:
        parts = []
        if pain.latest_week is not None:
            parts.append(_("Your morning pain averaged {average} out of 10 over the last 7 days.").format(
                average=decimal(pain.latest_week, 1)))
        if pain.baseline is not None:
            parts.append(_("When you started it was {baseline}.").format(baseline=decimal(pain.baseline, 1)))
        verdict = verdict_text(pain.verdict, pain.points)
        if verdict:
            parts.append(verdict)
        if pain.flares:
            n = len(pain.flares)
            parts.append(ngettext("{count} flare-up in this time (shaded).", "{count} flare-ups in this time (shaded).",
                                  n).format(count=n))
        out["pain"] = " ".join(parts) or _("Keep doing your morning check-in to see your trend.")
    for o in data.outcomes:
        words = verdict_text(o.verdict, o.points)
        out[f"outcome:{o.instrument}"] = words or _("One score so far. Your next check will show the change.")
    a = data.adherence
    if a.total_planned:
        out["adherence"] = ngettext(
            "You did {done} of {planned} planned session in this time ({percent}%). Weeks in a row on plan: "
            "{streak}.",
            "You did {done} of {planned} planned sessions in this time ({percent}%). Weeks in a row on plan: "
            "{streak}.", a.total_planned).format(done=a.total_done, planned=a.total_planned,
                                                 percent=f"{a.overall_pct:.0f}", streak=a.streak_weeks)
    else:
        out["adherence"] = _("No sessions planned in this time yet.")
    changes = sum(len(c.markers) for c in data.load.chains)
    if data.load.chains:
        out["load"] = ngettext("{count} plan change in this time. Point at or click a marker to see why it changed.",
                               "{count} plan changes in this time. Point at or click a marker to see why it changed.",
                               changes).format(count=changes)
    else:
        out["load"] = _("Your exercise levels will show here once your plan has started.")
    maps = data.body_maps
    if maps.panels:
        last = maps.panels[-1]
        move = {"up": _("Your symptoms have moved up the leg since the map before: a good sign."),
                "down": _("Your symptoms reached further down the leg than on the map before."),
                "same": _("Your symptoms reach about as far as on the map before."),
                "first": _("This is your first body map.")}[last.movement]
        count = ngettext("{count} body map in this time.", "{count} body maps in this time.",
                         maps.total).format(count=maps.total)
        out["body_maps"] = f"{count} {move}"
    else:
        out["body_maps"] = _("No body maps saved in this time.")
    return out


# ---------------------------------------------------------------------------------------------------------------------
# The words drawn in the page's charts (worked out on the worker thread: they read content files)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartWords:
    """Words the Progress page's charts show, in the current language: chain and questionnaire names, band
    labels, and the explanation of every decision marker (per chain, in the order of ChainPath.markers)."""

    chains: Mapping[str, str]
    instruments: Mapping[str, str]
    bands: Mapping[str, Mapping[str, str]]
    markers: Mapping[str, tuple[str, ...]]


def band_labels() -> dict[str, dict[str, str]]:
    """The questionnaire bands' labels drawn beside the outcome chart, in the current language."""
    try:
        from backtrainer.content.education import load_assessment_messages

        labels = load_assessment_messages().labels
        return {"ODI": dict(labels.odi), "PSEQ": dict(labels.pseq), "FABQ_PA": {"high": _("High"), "not_high": ""}}
    except Exception:  # a content problem must not hide the charts
        log.warning("band labels unavailable")
        return {}


def warm() -> None:
    """Read once what the first series and their words need besides the history (the verdict and band words, the
    chain names), so the first open of Progress does not pay for it (issue 19). Reads no one's data."""
    from backtrainer.content.education import load_assessment_messages

    try:
        load_assessment_messages()
        chain_names()
        band_labels()
    except Exception:  # content problems show up (and are handled) when the page works out its words
        log.warning("could not read the Progress words ahead", exc_info=True)


def chart_words(data: ProgressData) -> ChartWords:
    return ChartWords(
        chains=chain_names(),
        instruments={o.instrument: instrument_name(o.instrument) for o in data.outcomes},
        bands=band_labels() if data.outcomes else {},
        markers={path.chain: tuple(marker_text(path.chain, m) for m in path.markers) for path in data.load.chains},
    )


def shown_charts(data: ProgressData) -> set[str]:
    """The charts a range shows: pain and sessions always; the others when they have something to draw."""
    shown = {"pain", "adherence"}
    shown |= {"outcomes"} if data.outcomes else set()
    shown |= {"load"} if data.load.chains else set()
    shown |= {"body_maps"} if data.body_maps.panels else set()
    return shown
