"""Profile export and import: JSON ("backtrainer-profile", version 1; docs/export-format.md) and CSV per table.

* Export writes every column of every table of one profile (raw answers included), rows oldest first, with the
  database ids left out: child rows are nested (body-map regions in their map, exercise results in their session)
  and the one cross-link (a body map saved after a session) is a position in the session list. The PIN hash never
  leaves the device. The output is canonical (sorted keys, fixed layout), so export -> import -> export gives the
  same bytes.
* Import validates the whole file first (size, UTF-8, JSON without NaN or duplicate keys, nesting, then strict
  pydantic models: exact types, ranges, known region ids, no unknown keys) and then writes a NEW profile in one
  transaction: a bad file writes nothing.

Qt-free; raises :class:`ExchangeError` (a ``ValueError``) with a plain message for every bad input.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model
from sqlalchemy import JSON, Boolean, Float, Integer, String
from sqlmodel import SQLModel, col, select
from sqlmodel.sql.sqltypes import AutoString

from backtrainer import __version__
from backtrainer.core.bodymap import REGIONS
from backtrainer.i18n import N_, _, ngettext
from backtrainer.services.clock import Clock
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.store.db import Database
from backtrainer.store.errors import NotFoundError
from backtrainer.store.tables import (
    BodyMapRecord,
    BodyMapRegion,
    Checkin,
    Event,
    ExerciseResult,
    MovementTestResult,
    PlanChain,
    Profile,
    QuestionnaireResponse,
    Screening,
    Session,
)

FORMAT = "backtrainer-profile"
VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024  # a 3-year profile is about 2 MB
MAX_ROWS = 100_000  # per table
MAX_JSON_DEPTH = 10  # inside free-form JSON columns (answers, payloads, state)
MAX_JSON_NODES = 5_000  # per free-form JSON value
MAX_STRING = 10_000
MAX_INT = 10**12
MAX_FLOAT = 1e12

# Top-level table keys, in file order, with their row type and nested children.
TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("screening", Screening), ("body_map", BodyMapRecord), ("questionnaire_response", QuestionnaireResponse),
    ("movement_test", MovementTestResult), ("plan_chain", PlanChain), ("session", Session), ("checkin", Checkin),
    ("event", Event),
)
CHILDREN: Mapping[str, tuple[str, type[SQLModel], str]] = {
    "body_map": ("regions", BodyMapRegion, "body_map_id"),
    "session": ("results", ExerciseResult, "session_id"),
}
# Columns that never appear in the file: ids (rebuilt on import), the owner link, and secrets.
SKIP_COLUMNS: Mapping[str, frozenset[str]] = {
    "profile": frozenset({"id", "pin_hash"}),
    "body_map": frozenset({"id", "profile_id", "session_id"}),
    "body_map_region": frozenset({"id", "body_map_id"}),
    "exercise_result": frozenset({"id", "session_id"}),
    "session": frozenset({"id", "profile_id"}),
}
_DEFAULT_SKIP = frozenset({"id", "profile_id"})
# assessment_state["floor"] names these tables (store.assessment_repo.RUN_TABLES); the file stores positions.
FLOOR_TABLES: Mapping[str, str] = {"screening": "screening", "body_map": "body_map",
                                   "questionnaire": "questionnaire_response", "movement": "movement_test"}

CSV_TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("profile", Profile), *TABLES[:2], ("body_map_region", BodyMapRegion), *TABLES[2:6],
    ("exercise_result", ExerciseResult), *TABLES[6:],
)


class ExchangeError(ValueError):
    """A file that cannot be imported, or an export that cannot be made; the message is plain words."""


# ---------------------------------------------------------------------------------------------------------------------
# Validation building blocks
# ---------------------------------------------------------------------------------------------------------------------

_PAIN_COLUMNS = frozenset({"morning_pain", "avg_24h", "worst_24h", "leg_pain", "pre_pain", "post_pain", "worst_pain",
                           "rpe", "leg_worst", "pre_leg", "intensity", "pain_before", "pain_after"})
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$")


def _check_json(value: Any) -> Any:
    """Free-form JSON (answers, payloads, state): bounded depth, size, strings and numbers."""
    nodes = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_JSON_NODES:
            raise ValueError(_("has more than {count} values").format(count=MAX_JSON_NODES))
        if depth > MAX_JSON_DEPTH:
            raise ValueError(_("is nested more than {count} levels deep").format(count=MAX_JSON_DEPTH))
        if isinstance(item, dict):
            for k, v in item.items():
                if not isinstance(k, str) or len(k) > 200:
                    raise ValueError(_("has a key that is not a short text"))
                stack.append((v, depth + 1))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            if len(item) > MAX_STRING:
                raise ValueError(_("has a text longer than {count} characters").format(count=MAX_STRING))
        elif isinstance(item, bool) or item is None:
            pass
        elif isinstance(item, int):
            if abs(item) > MAX_INT:
                raise ValueError(_("has a number that is too large"))
        elif isinstance(item, float):
            if not math.isfinite(item) or abs(item) > MAX_FLOAT:
                raise ValueError(_("has a number that is too large or not a number"))
        else:
            raise ValueError(_("has a value that is not JSON"))
    return value


def _range(low: int, high: int) -> Callable[[int | None], int | None]:
    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise ValueError(_("must be from {low} to {high}").format(low=low, high=high))
        return value

    return check


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and not regex.match(value):
            raise ValueError(_("must be {what}").format(what=_(what)))
        return value

    return check


def _region(value: str) -> str:
    if value not in REGIONS:
        raise ValueError(_("is not a known body-map region"))
    return value


def _finite(value: float | None) -> float | None:
    if value is not None and (not math.isfinite(value) or abs(value) > MAX_FLOAT):
        raise ValueError(_("must be a finite number"))
    return value


def _column_type(table: str, column: Any) -> tuple[Any, Any]:
    """(annotation, default) for one table column, strict, with the domain checks of its name."""
    name = str(column.name)
    sql_type = column.type
    base: Any
    if isinstance(sql_type, JSON):
        base = Annotated[Any, AfterValidator(_check_json)]
    elif isinstance(sql_type, Boolean):
        base = bool
    elif isinstance(sql_type, Integer):
        checks: list[Any] = [Field(ge=-MAX_INT, le=MAX_INT)]
        if name in _PAIN_COLUMNS:
            checks.append(AfterValidator(_range(0, 10)))
        elif name in ("level", "from_level", "to_level"):
            checks.append(AfterValidator(_range(0, 50)))
        elif name in ("step", "missing_count", "prescribed", "completed", "age", "pain_weeks"):
            checks.append(AfterValidator(_range(0, 100_000)))
        base = Annotated[int, *checks]
    elif isinstance(sql_type, Float):
        base = Annotated[float, AfterValidator(_finite)]
    elif isinstance(sql_type, (String, AutoString)):
        length = getattr(sql_type, "length", None) or MAX_STRING
        checks = [Field(max_length=min(length, MAX_STRING))]
        if name == "region_id":
            checks.append(AfterValidator(_region))
        elif name == "day" or name.endswith("_day") or name == "paused_until":
            checks.append(AfterValidator(_pattern(_DAY_RE, N_("a date like 2026-03-09"))))
        elif name == "at" or name.endswith("_at"):
            checks.append(AfterValidator(_pattern(_TIME_RE, N_("a time like 2026-03-09T08:30:00"))))
        base = Annotated[str, *checks]
    else:  # a column type this version does not know: refuse rather than guess
        raise ExchangeError(f"internal: column {table}.{name} has an unsupported type {sql_type!r}")
    nullable = bool(column.nullable)
    annotation = base | None if nullable else base
    has_default = column.default is not None or column.server_default is not None or nullable
    if isinstance(sql_type, JSON) and not nullable:
        has_default = True
    return annotation, (None if has_default else ...)


_FORMAT_TYPE: Any = Literal["backtrainer-profile"]
_VERSION_TYPE: Any = Literal[1]
_CONFIG = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def exported_columns(table: type[SQLModel]) -> list[Any]:
    name = str(table.__tablename__)
    skip = SKIP_COLUMNS.get(name, _DEFAULT_SKIP)
    return [c for c in table.__table__.columns if c.name not in skip]  # type: ignore[attr-defined]


def _row_model(key: str, table: type[SQLModel], extra: Mapping[str, Any] | None = None) -> type[BaseModel]:
    name = str(table.__tablename__)
    fields: dict[str, Any] = {}
    for column in exported_columns(table):
        fields[str(column.name)] = _column_type(name, column)
    fields.update(extra or {})
    model: type[BaseModel] = create_model(f"Row_{key}", __config__=_CONFIG, **fields)
    return model


def _build_models() -> type[BaseModel]:
    rows: dict[str, Any] = {}
    for key, table in TABLES:
        extra: dict[str, Any] = {}
        if key in CHILDREN:
            child_key, child_table, _link = CHILDREN[key]
            child = _row_model(f"{key}_{child_key}", child_table)
            extra[child_key] = (Annotated[list[child], Field(max_length=MAX_ROWS)], [])  # type: ignore[valid-type]
        if key == "body_map":
            extra["session_ref"] = (Annotated[int, Field(ge=0, le=MAX_ROWS)] | None, None)
        model = _row_model(key, table, extra)
        rows[key] = (Annotated[list[model], Field(max_length=MAX_ROWS)], [])  # type: ignore[valid-type]
    tables: type[BaseModel] = create_model("Tables", __config__=_CONFIG, **rows)
    profile = _row_model("profile", Profile)
    document: type[BaseModel] = create_model(
        "ProfileDocument", __config__=_CONFIG,
        format=(_FORMAT_TYPE, ...),
        version=(_VERSION_TYPE, ...),
        app_version=(Annotated[str, Field(max_length=40)], ...),
        profile=(profile, ...),
        tables=(tables, ...),
    )
    return document


_DOCUMENT: type[BaseModel] | None = None


def document_model() -> type[BaseModel]:
    global _DOCUMENT
    if _DOCUMENT is None:
        _DOCUMENT = _build_models()
    return _DOCUMENT


# ---------------------------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    return value


def _row_dict(row: SQLModel, columns: Sequence[Any]) -> dict[str, Any]:
    return {str(c.name): _value(getattr(row, str(c.key))) for c in columns}


def _profile_id(db: Database, nickname: str | None, profile_id: int | None) -> int:
    with db.session_scope() as s:
        if profile_id is not None:
            if s.get(Profile, profile_id) is None:
                raise NotFoundError(f"profile {profile_id} does not exist")
            return profile_id
        rows = s.exec(select(Profile).where(Profile.nickname == nickname)).all()
        if not rows:
            raise ExchangeError(_("There is no profile called {name} in this data folder.").format(name=repr(nickname)))
        if len(rows) > 1:
            raise ExchangeError(_("More than one profile is called {name}; rename one first.").format(
                name=repr(nickname)))
        return int(rows[0].id or 0)


def find_profile(db: Database, nickname: str) -> int:
    """The id of the only profile called ``nickname`` (ExchangeError if none or several)."""
    return _profile_id(db, nickname, None)


def export_document(db: Database, profile_id: int) -> dict[str, Any]:
    """The whole profile as a version-1 document (plain JSON types)."""
    with db.session_scope() as s:
        prof = s.get(Profile, profile_id)
        if prof is None:
            raise NotFoundError(f"profile {profile_id} does not exist")
        profile = _row_dict(prof, exported_columns(Profile))
        tables: dict[str, list[dict[str, Any]]] = {}
        id_positions: dict[str, dict[int, int]] = {}
        session_pos: dict[int, int] = {}
        for key, table in TABLES:
            owner = table.profile_id  # type: ignore[attr-defined]
            rows = s.exec(select(table).where(owner == profile_id).order_by(col(table.id))).all()  # type: ignore[attr-defined]
            columns = exported_columns(table)
            out = []
            ids = [int(r.id or 0) for r in rows]  # type: ignore[attr-defined]
            id_positions[key] = {rid: i + 1 for i, rid in enumerate(ids)}
            children: dict[int, list[dict[str, Any]]] = {}
            if key in CHILDREN and ids:
                _child_key, child_table, link = CHILDREN[key]
                link_col = getattr(child_table, link)
                child_columns = exported_columns(child_table)
                for chunk in range(0, len(ids), 500):
                    part = ids[chunk:chunk + 500]
                    for child in s.exec(select(child_table).where(col(link_col).in_(part))
                                        .order_by(col(child_table.id))):  # type: ignore[attr-defined]
                        children.setdefault(int(getattr(child, link)), []).append(_row_dict(child, child_columns))
            for i, row in enumerate(rows):
                item = _row_dict(row, columns)
                if key in CHILDREN:
                    item[CHILDREN[key][0]] = children.get(int(row.id or 0), [])  # type: ignore[attr-defined]
                if key == "session":
                    session_pos[int(row.id or 0)] = i  # type: ignore[attr-defined]
                out.append(item)
            tables[key] = out
        # body map -> session link as a position in the session list
        maps = s.exec(select(BodyMapRecord.id, BodyMapRecord.session_id).where(
            BodyMapRecord.profile_id == profile_id).order_by(col(BodyMapRecord.id))).all()
        for item, (_ref, session_id) in zip(tables["body_map"], maps):
            item["session_ref"] = None if session_id is None else session_pos.get(int(session_id))
    state = profile.get("assessment_state")
    if isinstance(state, dict) and isinstance(state.get("floor"), dict):
        floors = dict(state["floor"])
        for name, table_key in FLOOR_TABLES.items():
            value = floors.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                positions = id_positions.get(table_key, {})
                floors[name] = sum(1 for rid in positions if rid <= value)
        profile["assessment_state"] = {**state, "floor": floors}
    return {"format": FORMAT, "version": VERSION, "app_version": __version__, "profile": profile, "tables": tables}


def dumps(document: Mapping[str, Any]) -> str:
    """Canonical text of a document: sorted keys, one-space indent, UTF-8 characters kept, newline at the end."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"


def export_json(db: Database, profile_id: int, out: Path) -> Path:
    text = dumps(export_document(db, profile_id))
    _write_text(out, text)
    return out


def _write_text(out: Path, text: str) -> None:
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)


# ---------------------------------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # a spreadsheet must not run a cell as a formula
    return value


def export_csv(db: Database, profile_id: int, out_dir: Path) -> list[Path]:
    """One CSV per table (ids kept, so the files can be joined); JSON columns as compact JSON text."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with db.session_scope() as s:
        if s.get(Profile, profile_id) is None:
            raise NotFoundError(f"profile {profile_id} does not exist")
        map_ids = [int(i or 0) for i in s.exec(select(BodyMapRecord.id).where(BodyMapRecord.profile_id == profile_id))]
        session_ids = [int(i or 0) for i in s.exec(select(Session.id).where(Session.profile_id == profile_id))]
        for name, table in CSV_TABLES:
            columns = [c for c in table.__table__.columns if c.name != "pin_hash"]  # type: ignore[attr-defined]
            if table is Profile:
                rows: Iterable[Any] = s.exec(select(Profile).where(Profile.id == profile_id)).all()
            elif table is BodyMapRegion:
                rows = s.exec(select(BodyMapRegion).where(col(BodyMapRegion.body_map_id).in_(map_ids))
                              .order_by(col(BodyMapRegion.id))).all() if map_ids else []
            elif table is ExerciseResult:
                rows = s.exec(select(ExerciseResult).where(col(ExerciseResult.session_id).in_(session_ids))
                              .order_by(col(ExerciseResult.id))).all() if session_ids else []
            else:
                owner = table.profile_id  # type: ignore[attr-defined]
                rows = s.exec(select(table).where(owner == profile_id).order_by(col(table.id))).all()  # type: ignore[attr-defined]
            path = out_dir / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([c.name for c in columns])
                for row in rows:
                    writer.writerow([_csv_cell(getattr(row, str(c.key))) for c in columns])
            written.append(path)
    return written


# ---------------------------------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ExchangeError(_("The file contains {name}, which is not allowed in a BackTrainer export.").format(name=name))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ExchangeError(_("The file names {key} twice in one place, so it is ambiguous.").format(key=repr(key)))
        out[key] = value
    return out


def _plain_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    message = str(first.get("msg") or _("is not valid"))
    message = message.removeprefix("Value error, ")
    count = exc.error_count()
    if count > 1:
        return ngettext("The file is not a valid BackTrainer export: {where}: {problem} ({count} more problem).",
                        "The file is not a valid BackTrainer export: {where}: {problem} ({count} more problems).",
                        count - 1).format(where=where or _("the top level"), problem=message, count=count - 1)
    return _("The file is not a valid BackTrainer export: {where}: {problem}.").format(
        where=where or _("the top level"), problem=message)


def parse_document(data: bytes | str) -> dict[str, Any]:
    """Parse and validate a document (no database access). Raises ExchangeError with a plain message."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        raise ExchangeError(_("The file is too large ({size} MB); a BackTrainer export is at most {limit} MB.").format(
            size=len(raw) // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError(_("The file is not a BackTrainer export (it is not UTF-8 text).")) from None
    try:
        loaded = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise ExchangeError(_("The file is nested too deeply to be a BackTrainer export.")) from None
    except ExchangeError:
        raise
    except ValueError as exc:  # JSONDecodeError, and over-long integer literals
        raise ExchangeError(_("The file is not valid JSON ({detail}).").format(detail=str(exc)[:120])) from None
    if not isinstance(loaded, dict):
        raise ExchangeError(_("The file is not a BackTrainer export (it should hold one JSON object)."))
    if loaded.get("format") != FORMAT:
        raise ExchangeError(_("The file is not a BackTrainer profile export (its \"format\" is not \"{format}\").")
                            .format(format=FORMAT))
    if loaded.get("version") != VERSION:
        raise ExchangeError(_("The file uses export version {version}; this BackTrainer reads version {supported}. "
                              "Please update BackTrainer.").format(version=repr(loaded.get("version")),
                                                                   supported=VERSION))
    try:
        document_model().model_validate(loaded)
    except ValidationError as exc:
        raise ExchangeError(_plain_error(exc)) from None
    except RecursionError:
        raise ExchangeError(_("The file is nested too deeply to be a BackTrainer export.")) from None
    tables = loaded["tables"]
    sessions = len(tables.get("session", []))
    for i, item in enumerate(tables.get("body_map", [])):
        ref = item.get("session_ref")
        if ref is not None and ref >= sessions:
            raise ExchangeError(_("The file is not a valid BackTrainer export: body map {number} points to a session "
                                  "that is not in the file.").format(number=i))
    for key, field_name in (("plan_chain", "chain"), ("checkin", "day")):
        seen: set[object] = set()
        for item in tables.get(key, []):
            value = item.get(field_name)
            if value in seen:
                raise ExchangeError(_("The file is not a valid BackTrainer export: {table} {value} appears twice.")
                                    .format(table=key, value=repr(value)))
            seen.add(value)
    try:
        clean_nickname(str(loaded["profile"].get("nickname", "")))
    except InputError as exc:
        raise ExchangeError(_("The profile name in the file cannot be used: {problem}").format(problem=exc)) from None
    return loaded


@dataclass(frozen=True)
class ImportResult:
    profile_id: int
    nickname: str
    rows: int


def _unique_nickname(existing: set[str], wanted: str) -> str:
    if wanted not in existing:
        return wanted
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = wanted[: 80 - len(suffix)] + suffix
        if candidate not in existing:
            return candidate
        n += 1


def _construct(table: type[SQLModel], values: Mapping[str, Any]) -> SQLModel:
    keys = {str(c.name): str(c.key) for c in table.__table__.columns}  # type: ignore[attr-defined]
    row = table()
    for name, value in values.items():
        setattr(row, keys[name], value)
    return row


def import_document(db: Database, document: Mapping[str, Any]) -> ImportResult:
    """Write a parsed document as a new profile in one transaction."""
    profile_values = dict(document["profile"])
    tables: Mapping[str, list[dict[str, Any]]] = document["tables"]
    rows = 1
    with db.session_scope() as s:
        names = {str(n) for n in s.exec(select(Profile.nickname))}
        nickname = _unique_nickname(names, clean_nickname(str(profile_values["nickname"])))
        profile_values["nickname"] = nickname
        state = profile_values.get("assessment_state")
        prof = _construct(Profile, {k: v for k, v in profile_values.items() if v is not None or k != "config"})
        s.add(prof)
        s.flush()
        pid = int(prof.id or 0)  # type: ignore[attr-defined]
        new_ids: dict[str, list[int]] = {}
        session_ids: list[int] = []
        ordered = sorted(TABLES, key=lambda kt: 0 if kt[0] == "session" else 1)  # sessions first: maps link to them
        for key, table in ordered:
            ids: list[int] = []
            for item in tables.get(key, []):
                values = {k: v for k, v in item.items() if k not in ("regions", "results", "session_ref")}
                row = _construct(table, values)
                row.profile_id = pid
                if key == "body_map" and item.get("session_ref") is not None:
                    row.session_id = session_ids[int(item["session_ref"])]
                s.add(row)
                s.flush()
                rid = int(row.id or 0)  # type: ignore[attr-defined]
                ids.append(rid)
                rows += 1
                if key in CHILDREN:
                    child_key, child_table, link = CHILDREN[key]
                    for child in item.get(child_key, []):
                        c = _construct(child_table, child)
                        setattr(c, link, rid)
                        s.add(c)
                        rows += 1
            if key == "session":
                session_ids = ids
            new_ids[key] = ids
        if isinstance(state, dict) and isinstance(state.get("floor"), dict):
            floors = dict(state["floor"])
            for name, table_key in FLOOR_TABLES.items():
                value = floors.get(name)
                if isinstance(value, int) and not isinstance(value, bool):
                    ids = new_ids.get(table_key, [])
                    floors[name] = ids[value - 1] if 0 < value <= len(ids) else 0
            prof.assessment_state = {**state, "floor": floors}
            s.add(prof)
    return ImportResult(pid, nickname, rows)


def import_file(db: Database, path: Path) -> ImportResult:
    """Validate ``path`` completely, then import it as a new profile (nothing is written for a bad file)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExchangeError(_("The file {path} cannot be read: {problem}.").format(
            path=path, problem=exc.strerror or exc)) from None
    if size > MAX_FILE_BYTES:
        raise ExchangeError(_("The file is too large ({size} MB); a BackTrainer export is at most {limit} MB.").format(
            size=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExchangeError(_("The file {path} cannot be read: {problem}.").format(
            path=path, problem=exc.strerror or exc)) from None
    return import_document(db, parse_document(data))


def export_profile_json(db: Database, profile_id: int, out_dir: Path, *, clock: Clock) -> Path:
    """Write the profile's JSON export into ``out_dir`` under a dated file name; returns the file (clinic use)."""
    document = export_document(db, profile_id)
    nickname = str(document["profile"].get("nickname") or "profile")
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in nickname).strip("-")[:40] or "profile"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"backtrainer-{safe}-{clock.now():%Y%m%d-%H%M%S}.json"
    _write_text(out, dumps(document))
    return out
