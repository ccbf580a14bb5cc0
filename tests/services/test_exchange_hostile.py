"""Issue 17: imports that passed the schema and then broke the app, forged clinician-only fields, exports that left
half-written files, and messages that said the wrong thing. Every bad file is refused with a plain message and
writes nothing."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from backtrainer.paths import DataPaths
from backtrainer.services import exchange
from backtrainer.services.exchange import ExchangeError
from backtrainer.store.db import Database
from backtrainer.store.opening import open_store
from backtrainer.store.tables import ALL_TABLES, Event, PlanChain, Profile, Screening
from tests.services.history_fixture import make_history


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("src") / "data"
    pid = make_history(root, 30)
    db = Database(DataPaths(root).db)
    yield db, pid, exchange.export_document(db, pid)
    db.dispose()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Database]:
    paths = DataPaths(tmp_path / "dst")
    paths.ensure()
    open_store(paths, datetime(2026, 11, 25))
    db = Database(paths.db)
    yield db
    db.dispose()


def _rows(db: Database) -> int:
    with db.engine.connect() as con:
        return sum(con.exec_driver_sql(f"SELECT count(*) FROM {t.__tablename__}").scalar_one() for t in ALL_TABLES)


def _changed(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def _first_result(doc: dict[str, Any]) -> int:
    return next(i for i, s in enumerate(doc["tables"]["session"]) if s["results"])


# (what, change, words the message must hold); each of these passed the old import (issue 17 item 14).
BAD_FIELDS: list[tuple[str, list[Any], Any, str]] = [
    ("unknown chain", ["tables", "plan_chain", 0, "chain"], "ZZZ", "not a known exercise chain"),
    ("level 50", ["tables", "plan_chain", 0, "level"], 50, "has levels 1 to"),
    ("step 99999", ["tables", "plan_chain", 0, "step"], 99999, "has steps 0 to"),
    ("unknown exercise id", ["tables", "plan_chain", 0, "exercise_id"], "XX-99", "not a known exercise"),
    ("impossible day", ["tables", "checkin", 0, "day"], "2026-02-30", "real date"),
    ("impossible time", ["tables", "checkin", 0, "at"], "2026-03-09T25:61:00", "real time"),
    ("assessment_state a list", ["profile", "assessment_state"], [1], "JSON object"),
    ("lone surrogate", ["profile", "nickname"], "Demo\ud83d", "lone surrogate"),
    ("lone surrogate deep", ["tables", "event", 0, "payload"], {"note": "x\udc00"}, "lone surrogate"),
    ("version true", ["version"], True, "must be the number 1"),
    ("plan meta unreadable", ["profile", "plan_meta"], {"custom_ceiling": 99}, "plan_meta"),
    ("flags not texts", ["profile", "flags"], [1, 2], "list of texts"),
    ("unknown safety tier", ["tables", "screening", 0, "tier"], "FINE", "not a known safety tier"),
    ("unknown movement check", ["tables", "movement_test"], [{"test_id": "JUMP", "at": "2026-11-01T09:00:00",
                                                              "data": {}, "pain_before": None, "pain_after": None,
                                                              "stopped_reason": None, "could_not_do": False}],
     "not a known movement check"),
]


@pytest.mark.parametrize(("what", "path", "value", "words"), BAD_FIELDS, ids=[b[0] for b in BAD_FIELDS])
def test_content_checks_refuse_and_write_nothing(source: tuple[Database, int, dict[str, Any]], target: Database,
                                                 what: str, path: list[Any], value: Any, words: str) -> None:
    doc = _changed(source[2], path, value)
    before = _rows(target)
    text = json.dumps(doc, ensure_ascii=True)  # the surrogates travel as \\ud83d escapes, as in a hand-edited file
    with pytest.raises(ExchangeError, match=words) as info:
        exchange.import_document(target, exchange.parse_document(text.encode("ascii")))
    assert "Traceback" not in str(info.value) and "Value error" not in str(info.value)
    assert _rows(target) == before, what


def test_a_wrong_exercise_in_a_session_result_is_refused(source: tuple[Database, int, dict[str, Any]],
                                                         target: Database) -> None:
    doc = source[2]
    i = _first_result(doc)
    for field, value, words in (("exercise_id", "NOPE-1", "not a known exercise"), ("chain", "ZZZ", "chain"),
                                ("level", 49, "levels 1 to"), ("form", "perfect", "good, mostly or poor")):
        bad = _changed(doc, ["tables", "session", i, "results", 0, field], value)
        with pytest.raises(ExchangeError, match=words):
            exchange.parse_document(json.dumps(bad))


def test_a_valid_file_still_imports(source: tuple[Database, int, dict[str, Any]], target: Database) -> None:
    result = exchange.import_document(target, exchange.parse_document(json.dumps(source[2])))
    assert result.rows > 100 and result.dropped == ()


def test_a_byte_order_mark_is_accepted(source: tuple[Database, int, dict[str, Any]], target: Database) -> None:
    """Issue 17 item 16: a UTF-8 BOM (some editors add one) gave a Python decoder message."""
    data = b"\xef\xbb\xbf" + exchange.dumps(source[2]).encode("utf-8")
    assert exchange.import_document(target, exchange.parse_document(data)).nickname == "Demo"


def test_messages_give_the_real_size_and_whole_words(tmp_path: Path, target: Database) -> None:
    """Issue 17 item 16: a 200 MB file said "(20 MB)"; a huge integer's message was cut mid-word."""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(ExchangeError) as info:
        exchange.import_file(target, big)
    assert "(200 MB)" in str(info.value) and "at most 20 MB" in str(info.value)
    payload = b'{"format": "backtrainer-profile", "version": 1, "n": 1' + b"9" * 5000 + b"}"
    with pytest.raises(ExchangeError) as huge:
        exchange.parse_document(payload)
    message = str(huge.value)
    assert message.endswith(".") and "digits" in message and "sys.set_int_max_str_digits" not in message
    with pytest.raises(ExchangeError, match=r"line 1, column \d+"):
        exchange.parse_document(b'{"format": ')


def test_forged_clinician_fields_are_dropped_and_the_import_is_logged(
        source: tuple[Database, int, dict[str, Any]], target: Database) -> None:
    """Issue 17 item 8: an edited export that clears a red flag and raises the pain ceiling imported as a
    clinic-managed profile with the flag cleared, without a PIN and without an audit line."""
    doc = copy.deepcopy(source[2])
    doc["profile"]["clinic_managed"] = True
    doc["profile"]["config"] = {"pain_ceiling_C": 6}
    doc["profile"]["plan_meta"]["custom_ceiling"] = 6
    doc["tables"]["screening"].append({**doc["tables"]["screening"][0], "tier": "EMERGENCY",
                                       "at": "2026-11-20T09:00:00", "cleared_at": "2026-11-20T10:00:00",
                                       "cleared_by": "clinician:c1", "cleared_note": "fine"})
    doc["tables"]["plan_chain"][0]["locked"] = True
    result = exchange.import_document(target, exchange.parse_document(json.dumps(doc)))
    assert set(result.dropped) >= {"profile.config", "profile.clinic_managed", "profile.plan_meta.custom_ceiling",
                                   "screening.cleared_at", "screening.cleared_by", "plan_chain.locked"}
    with target.session_scope() as s:
        prof = s.get(Profile, result.profile_id)
        assert prof is not None and prof.config == {} and not prof.clinic_managed
        assert prof.plan_meta.get("custom_ceiling") is None
        screens = s.exec(select(Screening).where(Screening.profile_id == result.profile_id,
                                                 Screening.tier == "EMERGENCY")).all()
        assert screens and all(x.cleared_at is None and x.cleared_by is None for x in screens)  # the pause stands
        assert not any(c.locked for c in s.exec(select(PlanChain).where(PlanChain.profile_id == result.profile_id)))
        (event,) = s.exec(select(Event).where(Event.profile_id == result.profile_id,
                                              Event.kind == "profile_imported")).all()
        assert event.payload["clinician_fields"] == "dropped" and "screening.cleared_at" in event.payload["dropped"]


def test_a_signed_in_clinician_keeps_the_clinician_fields(source: tuple[Database, int, dict[str, Any]],
                                                          target: Database) -> None:
    doc = copy.deepcopy(source[2])
    doc["profile"]["config"] = {"pain_ceiling_C": 6}
    doc["profile"]["clinic_managed"] = True
    result = exchange.import_document(target, exchange.parse_document(json.dumps(doc)), clinician="c1")
    assert result.dropped == ()
    with target.session_scope() as s:
        prof = s.get(Profile, result.profile_id)
        assert prof is not None and prof.config == {"pain_ceiling_C": 6} and prof.clinic_managed
        (event,) = s.exec(select(Event).where(Event.profile_id == result.profile_id,
                                              Event.kind == "profile_imported")).all()
        assert event.actor == "clinician:c1" and event.payload["clinician_fields"] == "kept"


def test_exports_are_user_only_and_leave_nothing_on_failure(source: tuple[Database, int, dict[str, Any]],
                                                            tmp_path: Path) -> None:
    """Issue 17 items 11 and 14: exports were 0644/0755, and a text that cannot be written left a .part file and a
    half-written CSV folder."""
    db, pid, _doc = source
    out = tmp_path / "out"
    out.mkdir()
    exchange.export_json(db, pid, out / "p.json")
    files = exchange.export_csv(db, pid, out / "csv")
    if os.name == "posix":
        assert (out / "p.json").stat().st_mode & 0o777 == 0o600
        assert (out / "csv").stat().st_mode & 0o777 == 0o700
        assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    broken = tmp_path / "broken" / "data"
    bpid = make_history(broken, 7, nickname="Broken")
    bdb = Database(DataPaths(broken).db)
    try:
        with bdb.session_scope() as s:  # a lone surrogate already in the database (an old import let it in)
            row = s.exec(select(Event).where(Event.profile_id == bpid)).first()
            assert row is not None
            row.payload = {"note": "x\ud83d"}
            s.add(row)
        empty = tmp_path / "empty"
        empty.mkdir()
        with pytest.raises(ExchangeError, match="broken character"):
            exchange.export_json(bdb, bpid, empty / "b.json")
        with pytest.raises(ExchangeError, match="broken character"):
            exchange.export_csv(bdb, bpid, empty / "csv")
        assert list(empty.iterdir()) == []  # no .part file, no half-written folder
    finally:
        bdb.dispose()
