"""services.exchange: round trip, CSV per table, and malformed or hostile imports that write nothing."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtrainer.paths import DataPaths
from backtrainer.services import exchange
from backtrainer.services.exchange import ExchangeError
from backtrainer.store.db import Database
from backtrainer.store.opening import open_store
from backtrainer.store.tables import ALL_TABLES
from tests.services.history_fixture import make_history


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, str]]:
    root = tmp_path_factory.mktemp("src") / "data"
    pid = make_history(root, 91)
    db = Database(DataPaths(root).db)
    yield db, pid, exchange.dumps(exchange.export_document(db, pid))
    db.dispose()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    paths = DataPaths(tmp_path_factory.mktemp("dst") / "data")
    paths.ensure()
    open_store(paths, datetime(2026, 11, 25))
    db = Database(paths.db)
    yield db
    db.dispose()


def _counts(db: Database) -> dict[str, int]:
    con = db.engine.raw_connection()
    try:
        return {t.__tablename__: con.execute(f"SELECT count(*) FROM {t.__tablename__}").fetchone()[0]  # type: ignore[index]
                for t in ALL_TABLES}
    finally:
        con.close()


def _digest(db: Database) -> str:
    con = db.engine.raw_connection()
    try:
        h = hashlib.sha256()
        for t in ALL_TABLES:
            for row in con.execute(f"SELECT * FROM {t.__tablename__} ORDER BY id"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        con.close()


def _without_import_event(text: str) -> str:
    """The export minus the one ``profile_imported`` event an import adds (issue 17: every import is logged)."""
    doc = json.loads(text)
    events = doc["tables"]["event"]
    imported = [e for e in events if e["kind"] == "profile_imported"]
    assert len(imported) == 1 and imported[0]["payload"]["clinician_fields"] in ("kept", "dropped")
    doc["tables"]["event"] = [e for e in events if e["kind"] != "profile_imported"]
    return exchange.dumps(doc)


def test_round_trip_gives_identical_json(source: tuple[Database, int, str], tmp_path: Path) -> None:
    _, _, text = source
    paths = DataPaths(tmp_path / "empty")
    paths.ensure()
    open_store(paths, datetime(2026, 11, 25))
    db = Database(paths.db)
    result = exchange.import_document(db, exchange.parse_document(text))
    again = exchange.dumps(exchange.export_document(db, result.profile_id))
    db.dispose()
    assert result.dropped == ()  # no clinician-only fields in this history
    assert _without_import_event(again) == text
    doc = json.loads(text)
    assert doc["format"] == "backtrainer-profile" and doc["version"] == 1
    assert "pin_hash" not in doc["profile"] and "id" not in doc["tables"]["session"][0]
    assert doc["tables"]["questionnaire_response"][0]["raw_items"] == {"value": 6}  # raw answers included


def test_every_column_is_exported_or_deliberately_skipped() -> None:
    for table in ALL_TABLES:
        name = table.__tablename__
        skipped = exchange.SKIP_COLUMNS.get(name, frozenset({"id", "profile_id"}))
        exported = {c.name for c in exchange.exported_columns(table)}
        assert exported | skipped == {c.name for c in table.__table__.columns}, name


def test_import_into_a_data_dir_with_that_name_gets_a_new_name(source: tuple[Database, int, str],
                                                                 target: Database) -> None:
    text = source[2]
    first = exchange.import_document(target, exchange.parse_document(text))
    second = exchange.import_document(target, exchange.parse_document(text))
    assert first.nickname == "Demo" and second.nickname == "Demo (2)" and second.profile_id != first.profile_id
    again = exchange.dumps(exchange.export_document(target, second.profile_id)).replace("Demo (2)", "Demo")
    assert _without_import_event(again) == text


def test_floor_ids_are_remapped(source: tuple[Database, int, str], target: Database) -> None:
    doc = json.loads(source[2])
    doc["profile"]["assessment_state"]["floor"] = {"screening": 1, "body_map": 2, "questionnaire": 0}
    result = exchange.import_document(target, exchange.parse_document(json.dumps(doc)))
    out = exchange.export_document(target, result.profile_id)
    assert out["profile"]["assessment_state"]["floor"] == {"screening": 1, "body_map": 2, "questionnaire": 0}


def test_csv_per_table(source: tuple[Database, int, str], tmp_path: Path) -> None:
    db, pid, _ = source
    files = exchange.export_csv(db, pid, tmp_path / "csv")
    assert sorted(p.name for p in files) == sorted(f"{t.__tablename__}.csv" for t in ALL_TABLES)
    with (tmp_path / "csv" / "checkin.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 70 and set(rows[0]) >= {"day", "morning_pain", "leg_pain"}
    with (tmp_path / "csv" / "profile.csv").open(newline="") as handle:
        (prof,) = list(csv.DictReader(handle))
    assert "pin_hash" not in prof and prof["nickname"] == "Demo"


def test_csv_cells_never_start_a_formula() -> None:
    assert exchange._csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exchange._csv_cell(-3) == -3 and exchange._csv_cell({"a": 1}) == '{"a":1}'


def _mutations(doc: dict[str, Any]) -> list[tuple[str, Any]]:
    """(description, document) pairs that must all be refused."""
    out: list[tuple[str, Any]] = []

    def with_change(path: list[Any], value: Any) -> Any:
        d = copy.deepcopy(doc)
        node = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return d

    out.append(("wrong format", with_change(["format"], "something-else")))
    out.append(("newer version", with_change(["version"], 2)))
    out.append(("unknown top key", {**doc, "extra": 1}))
    out.append(("unknown profile key", with_change(["profile", "is_admin"], True)))
    out.append(("pain out of range", with_change(["tables", "checkin", 0, "morning_pain"], 11)))
    out.append(("huge number", with_change(["tables", "checkin", 0, "morning_pain"], 10**30)))
    out.append(("string for int", with_change(["tables", "checkin", 0, "morning_pain"], "5")))
    out.append(("bool for int", with_change(["tables", "checkin", 0, "morning_pain"], True)))
    out.append(("bad region", with_change(["tables", "body_map", 0, "regions", 0, "region_id"], "SPLEEN")))
    out.append(("bad day", with_change(["tables", "checkin", 0, "day"], "yesterday")))
    out.append(("missing nickname", with_change(["profile", "nickname"], "   ")))
    out.append(("long nickname", with_change(["profile", "nickname"], "x" * 500)))
    out.append(("session ref out of range", with_change(["tables", "body_map", 0, "session_ref"], 10**6)))
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    out.append(("deep payload", with_change(["tables", "event", 0, "payload"], {"x": deep})))
    out.append(("list for table", with_change(["tables", "checkin"], {"a": 1})))
    out.append(("duplicate plan chain", with_change(["tables", "plan_chain", 1, "chain"],
                                                    doc["tables"]["plan_chain"][0]["chain"])))
    return out


def test_malformed_documents_write_nothing(source: tuple[Database, int, str], target: Database) -> None:
    doc = json.loads(source[2])
    before, digest = _counts(target), _digest(target)
    for what, bad in _mutations(doc):
        with pytest.raises((ExchangeError, Exception)) as info:
            exchange.import_document(target, exchange.parse_document(json.dumps(bad)))
        assert str(info.value), what
        assert _counts(target) == before and _digest(target) == digest, what


@pytest.mark.parametrize("payload", [
    b"", b"[]", b"null", b"{", b"\xff\xfe", b'{"format": "backtrainer-profile", "version": 1, "a": NaN}',
    b'{"format": "backtrainer-profile", "format": "x"}', b"[" * 100_000 + b"]" * 100_000,
    b'{"format": "backtrainer-profile", "version": 1, "app_version": "1", "profile": 1' + b"9" * 5000 + b"}",
])
def test_hostile_bytes_are_refused_with_a_message(payload: bytes) -> None:
    with pytest.raises(ExchangeError) as info:
        exchange.parse_document(payload)
    assert "Traceback" not in str(info.value) and len(str(info.value)) < 400


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path, target: Database) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ExchangeError, match="too large"):
        exchange.import_file(target, big)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_field_changes_never_leave_a_partial_import(source: tuple[Database, int, str], target: Database,
                                                            data: st.DataObject) -> None:
    doc = json.loads(source[2])
    table = data.draw(st.sampled_from(sorted(k for k, v in doc["tables"].items() if v)))
    rows = doc["tables"][table]
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    key = data.draw(st.sampled_from(sorted(rows[index])))
    rows[index][key] = data.draw(json_values)
    before, digest = _counts(target), _digest(target)
    try:
        result = exchange.import_document(target, exchange.parse_document(json.dumps(doc)))
    except Exception as exc:  # refused: nothing was written, and the message is plain
        assert isinstance(exc, ValueError) or "IntegrityError" in type(exc).__name__, repr(exc)
        assert _counts(target) == before and _digest(target) == digest
    else:  # accepted (the random value happened to be valid): exactly one new profile
        assert _counts(target)["profile"] == before["profile"] + 1 and result.profile_id > 0
