"""Worked scenarios PS-01..PS-13 of clinical reference 6.11, as data (tests/core/scenarios/*.toml).

One table-driven test runs every file, so a new scenario is a new data file. Common settings of 6.11 are
the loader's defaults: C = 5 (ClinicalConfig default), sessions on the days the file lists
(Mon/Wed/Fri = days 0/2/4), no modifiers, stable trend (unlisted mornings are filled with ``usual_pain``),
no red flags, form good.

File format (days are integers; day 0 = Monday 2025-01-06):
  id, title, usual_pain (default 2; also fills every morning not listed, from day -7),
  fill_mornings (default true),
  modifiers = [...], redflag_lock, [settings] (ClinicalConfig overrides),
  [[plan]] chain, level, step, since (day, default -14), last_progressed (day), locked,
  [[session]] day, chain, level/step (default: the plan's starting position), pre, worst, rpe, rir, completed,
      prescribed, form, leg_spread, leg_worst, pre_leg, flare_answer, counts,
  [[morning]] day, pain, worst_24h, flare_reported,
  [[check]] today, flare_answer, retest = {CHAIN = level}, bm09 = [...], flare_active, volume_pct,
      events = [...], absent_events, others (action of every decision not listed), counts_today,
      [[check.expect]] chain, action, to_level, to_step, to_exercise, reasons (all must be present), absent
      (none may be present), dose = {sets, reps, hold_s, load_kg}.
Checks run in order; the plan is committed with ``apply`` between checks.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backtrainer.content.exercises import load_library, load_progression_messages
from backtrainer.core.chains import Chain
from backtrainer.core.config import ClinicalConfig
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression import (
    EVENT_PARAMS,
    REASON_PARAMS,
    Action,
    EngineResult,
    ExerciseSessionRecord,
    ExerciseState,
    FlareAnswer,
    Form,
    MorningCheckin,
    PlanState,
    apply,
    decide,
)

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("PS-*.toml"))
DAY0 = date(2025, 1, 6)  # a Monday
LIB = load_library()
MESSAGES = load_progression_messages()


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def build(
    data: dict[str, Any],
) -> tuple[PlanState, list[ExerciseSessionRecord], list[MorningCheckin], ClinicalConfig]:
    config = ClinicalConfig().with_changes(**data.get("settings", {}))
    usual = data.get("usual_pain", 2)
    start: dict[Chain, tuple[int, int]] = {}
    states = []
    for p in data["plan"]:
        chain = Chain(p["chain"])
        start[chain] = (p["level"], p["step"])
        states.append(
            ExerciseState(
                chain=chain,
                exercise_id=LIB.at(chain, p["level"]).id,
                level=p["level"],
                step=p["step"],
                since=day(p.get("since", -14)),
                last_progressed=day(p["last_progressed"]) if "last_progressed" in p else None,
                locked=p.get("locked", False),
            )
        )
    plan = PlanState(
        exercises=tuple(states),
        modifiers=frozenset(Modifier(m) for m in data.get("modifiers", [])),
        redflag_lock=data.get("redflag_lock", False),
    )
    history = []
    for s in data.get("session", []):
        chain = Chain(s["chain"])
        level = s.get("level", start[chain][0])
        history.append(
            ExerciseSessionRecord(
                date=day(s["day"]),
                exercise_id=LIB.at(chain, level).id,
                level=level,
                step=s.get("step", start[chain][1]),
                pre_pain=s.get("pre", usual),
                worst_during=s.get("worst", 3),
                rpe=s.get("rpe", 4 if "rir" not in s else None),
                rir=s.get("rir"),
                completed=s.get("completed", 10),
                prescribed=s.get("prescribed", 10),
                form=Form(s.get("form", "good")),
                leg_spread=s.get("leg_spread", False),
                leg_worst=s.get("leg_worst"),
                pre_leg=s.get("pre_leg"),
                counts_toward_progression=s.get("counts", True),
                flare_answer=FlareAnswer(s["flare_answer"]) if "flare_answer" in s else None,
            )
        )
    given = {m["day"]: m for m in data.get("morning", [])}
    last_day = max(c["today"] for c in data["check"])
    checkins = []
    for n in range(-7, last_day + 1):
        m = given.get(n)
        if m is None and not data.get("fill_mornings", True):
            continue
        m = m or {}
        checkins.append(
            MorningCheckin(
                date=day(n),
                morning_pain=m.get("pain", usual),
                worst_24h=m.get("worst_24h"),
                flare_reported=m.get("flare_reported", False),
            )
        )
    return plan, history, checkins, config


def assert_words_for_everything(result: EngineResult, where: str) -> None:
    """Every emitted code is known and its message formats with the parameters the engine gave."""
    for dec in result.decisions:
        for code in dec.reasons:
            assert code in REASON_PARAMS, f"{where}: unknown reason {code}"
            MESSAGES.reasons[code].format(**dec.params)
    for ev in result.events:
        assert ev.code in EVENT_PARAMS, f"{where}: unknown event {ev.code}"
        MESSAGES.events[ev.code].format(**ev.params)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_worked_scenario(path: Path) -> None:
    data = load(path)
    plan, history, checkins, config = build(data)
    for check in data["check"]:
        today = day(check["today"])
        result = decide(
            plan,
            history,
            checkins,
            today=today,
            library=LIB,
            config=config,
            flare_answer_today=FlareAnswer(check["flare_answer"]) if "flare_answer" in check else None,
            bm09_exercises=frozenset(check.get("bm09", [])),
            retest_levels={Chain(k): v for k, v in check.get("retest", {}).items()},
        )
        where = f"{data['id']} day {check['today']}"
        assert_words_for_everything(result, where)
        if "flare_active" in check:
            assert result.flare.active is check["flare_active"], where
        if "volume_pct" in check:
            assert result.volume_pct == check["volume_pct"], where
        if "counts_today" in check:
            assert result.counts_toward_progression is check["counts_today"], where
        codes = {e.code for e in result.events}
        for code in check.get("events", []):
            assert code in codes, f"{where}: event {code} missing from {sorted(codes)}"
        for code in check.get("absent_events", []):
            assert code not in codes, f"{where}: unexpected event {code}"
        listed = set()
        for exp in check.get("expect", []):
            d = result.decision(Chain(exp["chain"]))
            listed.add(d.chain)
            msg = f"{where} {d.chain}: {d.action} L{d.to_level} S{d.to_step} {d.reasons} {d.params}"
            assert d.action is Action(exp["action"]), msg
            if "to_level" in exp:
                assert d.to_level == exp["to_level"], msg
            if "to_step" in exp:
                assert d.to_step == exp["to_step"], msg
            if "to_exercise" in exp:
                assert d.to_exercise_id == exp["to_exercise"], msg
            for r in exp.get("reasons", []):
                assert r in d.reasons, msg
            for r in exp.get("absent", []):
                assert r not in d.reasons, msg
            if "dose" in exp:
                assert d.dose_after is not None, msg
                for f in fields(d.dose_after):
                    if f.name in exp["dose"]:
                        assert getattr(d.dose_after, f.name) == exp["dose"][f.name], (
                            f"{msg} dose {d.dose_after}"
                        )
        if "others" in check:
            for d in result.decisions:
                if d.chain not in listed:
                    assert d.action is Action(check["others"]), f"{where} {d.chain}: {d.action} {d.reasons}"
        plan = apply(plan, result)


def test_every_reference_scenario_has_a_file() -> None:
    names = {p.stem for p in SCENARIOS}
    expected = {f"PS-{n:02d}" for n in range(1, 14)} | {"PS-07b"}
    assert expected <= names
