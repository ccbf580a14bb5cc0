"""Profile export and import: JSON ("backtrainer-profile", version 1; docs/export-format.md) and CSV per table.

* Export writes every column of every table of one profile (raw answers included), rows oldest first, with the
  database ids left out: child rows are nested (body-map regions in their map, exercise results in their session)
  and the one cross-link (a body map saved after a session) is a position in the session list. The PIN hash never
  leaves the device. The output is canonical (sorted keys, fixed layout), so export -> import -> export gives the
  same bytes.
* Import validates the whole file first (size, UTF-8 with or without a byte-order mark, JSON without NaN or
  duplicate keys, nesting, texts without lone surrogates, then strict pydantic models: exact types, ranges, real
  dates and times, the shape of every JSON column, known region ids, no unknown keys; then the content: known chains,
  levels and steps that exist, known exercise ids, plan settings the app can read) and then writes a NEW profile in
  one transaction: a bad file writes nothing.
* Clinician-only fields (issue 17: a red flag's clearing, the clinician's thresholds and limits, chain locks,
  "clinic-managed") are only taken from a file when a clinician signed in with their PIN for the import
  (``clinician=``); otherwise they are dropped (the red-flag pause stands, the defaults apply) and the import
  says so. Every import is logged as an event of the new profile (kind ``profile_imported``).
* Exports are user-only (0600 files, 0700 folders) and written to a temporary name first: a failed export leaves
  nothing behind (no ``.part`` file, no half-written CSV folder).

Qt-free; raises :class:`ExchangeError` (a ``ValueError``) with a plain message for every bad input.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import re
import shutil
import tempfile
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model
from sqlalchemy import JSON, Boolean, Float, Integer, String
from sqlmodel import SQLModel, col, select
from sqlmodel.sql.sqltypes import AutoString

from backtrainer import __version__
from backtrainer.core.bodymap import REGIONS
from backtrainer.core.chains import Chain
from backtrainer.files import write_private
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

log = logging.getLogger("backtrainer.app")

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

_TABLE_TYPES: Mapping[str, type[SQLModel]] = {str(t.__tablename__): t for _n, t in CSV_TABLES}

# Clinician-only fields (issue 17 item 8): set in the app only behind a clinician PIN (services.clinic), so an
# import takes them only from a clinician who signed in for it.
CLINICIAN_SCREENING_FIELDS = ("cleared_at", "cleared_by", "cleared_note")
CLINICIAN_PLAN_META = {"custom_ceiling": None, "auto_progression": True, "progress_needs_approval": False,
                       "clinician_note": ""}  # the defaults they fall back to (services.plan_meta.PlanMeta)


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


def _pattern(regex: re.Pattern[str], what: str, parse: Callable[[str], object]) -> Callable[[str | None], str | None]:
    """A day or time written as the app writes them, and a real one (no 2026-02-30, no 25:00)."""
    def check(value: str | None) -> str | None:
        if value is not None:
            try:
                ok = bool(regex.match(value)) and parse(value) is not None
            except ValueError:
                ok = False
            if not ok:
                raise ValueError(_("must be {what}").format(what=_(what)))
        return value

    return check


def _shape(annotation: Any) -> Callable[[Any], Any] | None:
    """A check that a JSON column holds what its table declares (an object, or a list of texts or numbers)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return _shape(args[0]) if len(args) == 1 else None
    if origin is dict:
        def is_object(value: Any) -> Any:
            if value is not None and not isinstance(value, dict):
                raise ValueError(_("must be a JSON object"))
            return value

        return is_object
    if origin is list and args:
        item = args[0]
        allowed: tuple[type, ...] = (str,) if item is str else (int,) if item is int else ()

        def is_list(value: Any) -> Any:
            if value is None:
                return value
            if not isinstance(value, list):
                raise ValueError(_("must be a JSON list"))
            if allowed and any(not isinstance(v, allowed) or isinstance(v, bool) for v in value):
                raise ValueError(_("must be a list of texts") if item is str else _("must be a list of whole numbers"))
            return value

        return is_list
    return None


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
        field = _TABLE_TYPES[table].model_fields.get(str(column.key))
        shape = _shape(field.annotation) if field is not None else None
        base = Annotated[Any, AfterValidator(_check_json), *([AfterValidator(shape)] if shape else [])]
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
            checks.append(AfterValidator(_pattern(_DAY_RE, N_("a real date like 2026-03-09"), date.fromisoformat)))
        elif name == "at" or name.endswith("_at"):
            checks.append(AfterValidator(_pattern(_TIME_RE, N_("a real time like 2026-03-09T08:30:00"),
                                                  datetime.fromisoformat)))
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


def check_out_path(root: Path, out: Path) -> None:
    """Refuse an export target that is, or is inside, the data folder's own files (database, its -wal/-shm,
    backups, settings, lock files, ...): inside the data folder only its ``exports`` folder takes exports
    (issue 17 item 5). Links are followed, so a link to the database is refused too."""
    home = root.expanduser().resolve()
    target = out.expanduser().resolve()
    if target != home and home not in target.parents:
        return
    parts = target.relative_to(home).parts
    if parts and parts[0] == "exports" and not (home / "exports").is_symlink():
        return
    raise ExchangeError(_("Nothing was written: {path} is inside the BackTrainer data folder {folder}, whose files the "
                          "app needs. Choose a place outside that folder, or its exports folder.").format(
                              path=out, folder=root))


def export_json(db: Database, profile_id: int, out: Path) -> Path:
    text = dumps(export_document(db, profile_id))
    _write_text(out, text)
    return out


def _not_utf8() -> ExchangeError:
    return ExchangeError(_("The profile holds a text with a broken character, so it cannot be exported; nothing was "
                           "written."))


def _write_text(out: Path, text: str) -> None:
    """User-only (0600), through a temporary file in the same folder: a failure leaves nothing behind."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise _not_utf8() from None
    write_private(out, data, make_folder=False)


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
    """One CSV per table (ids kept, so the files can be joined); JSON columns as compact JSON text.

    The files are written into a new user-only (0700) folder beside ``out_dir`` and moved into place only when all
    are written (0600 each), so a failure leaves no half-written folder. A new ``out_dir`` is that folder renamed;
    into an existing folder each file is moved (its other files stay)."""
    parent = out_dir.parent
    if not parent.is_dir():
        raise FileNotFoundError(2, "No such folder", str(parent))
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", suffix=".part", dir=parent))  # 0700
    try:
        names = _write_csv_files(db, profile_id, work)
        if os.name == "posix":
            for name in names:
                (work / name).chmod(0o600)
        if not out_dir.exists():
            os.rename(work, out_dir)
        else:
            if not out_dir.is_dir():
                raise NotADirectoryError(20, "Not a folder", str(out_dir))
            for name in names:
                os.replace(work / name, out_dir / name)
            work.rmdir()
    except UnicodeEncodeError:
        shutil.rmtree(work, ignore_errors=True)
        raise _not_utf8() from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return [out_dir / name for name in names]


def _write_csv_files(db: Database, profile_id: int, out_dir: Path) -> list[str]:
    written: list[str] = []
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
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer)
            writer.writerow([c.name for c in columns])
            for row in rows:
                writer.writerow([_csv_cell(getattr(row, str(c.key))) for c in columns])
            write_private(out_dir / f"{name}.csv", buffer.getvalue().encode("utf-8"), make_folder=False)
            written.append(f"{name}.csv")
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


def _invalid(where: str, problem: str) -> ExchangeError:
    return ExchangeError(_("The file is not a valid BackTrainer export: {where}: {problem}.").format(
        where=where, problem=problem))


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"


def too_large(size: int) -> ExchangeError:
    """The message for a file over :data:`MAX_FILE_BYTES`, with its real size."""
    return ExchangeError(_("The file is too large ({size} MB); a BackTrainer export is at most {limit} MB.").format(
        size=_megabytes(size), limit=MAX_FILE_BYTES // (1024 * 1024)))


def _lone_surrogate(value: Any) -> str | None:
    """Where the first text with a lone surrogate (e.g. "\\ud83d", not UTF-8 text) is, or None."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return where or _("the top level")
        elif isinstance(item, dict):
            for k, v in item.items():
                stack.append((k, where))
                stack.append((v, f"{where}.{k}" if where else str(k)))
        elif isinstance(item, list):
            stack.extend((v, f"{where}.{i}") for i, v in enumerate(item))
    return None


def _known_chain(value: Any, where: str) -> Chain:
    try:
        return Chain(value)
    except ValueError:
        raise _invalid(where, _("{value} is not a known exercise chain").format(value=repr(value))) from None


def _check_content(loaded: Mapping[str, Any]) -> None:
    """The document against this app's content: chains, levels, steps and exercises that exist; readable plan
    settings and thresholds (a file that passes this cannot stop the app from starting)."""
    from backtrainer.content.exercises import load_library
    from backtrainer.core.config import ClinicalConfig
    from backtrainer.core.movement import MOVEMENT_TEST_IDS
    from backtrainer.core.progression import Form
    from backtrainer.core.progression_ladder import valid_steps
    from backtrainer.core.screening import Tier
    from backtrainer.services.plan_meta import PlanMeta

    library = load_library()
    tables = loaded["tables"]

    def exercise(value: Any, where: str) -> Any:
        spec = library.exercises.get(value)
        if spec is None:
            raise _invalid(where, _("{value} is not a known exercise").format(value=repr(value)))
        return spec

    def level_and_step(chain: Chain, level: int | None, step: int | None, spec: Any, where: str) -> None:
        top = library.levels(chain)
        if level is not None and not 1 <= level <= top:
            raise _invalid(f"{where}.level", _("chain {chain} has levels 1 to {top}").format(chain=chain.value,
                                                                                            top=top))
        steps = valid_steps(spec.ladder)
        if step is not None and step not in steps:
            raise _invalid(f"{where}.step", _("{exercise} has steps 0 to {steps}").format(exercise=spec.id,
                                                                                          steps=max(steps)))

    for i, row in enumerate(tables.get("plan_chain", [])):
        where = f"tables.plan_chain.{i}"
        chain = _known_chain(row["chain"], f"{where}.chain")
        spec = exercise(row["exercise_id"], f"{where}.exercise_id")
        level_and_step(chain, row["level"], row.get("step", 0), spec, where)
        if spec.chain is not chain or spec.level != row["level"]:
            raise _invalid(f"{where}.exercise_id", _("{exercise} is not level {level} of chain {chain}").format(
                exercise=spec.id, level=row["level"], chain=chain.value))
        restore = row.get("deload_restore")
        if restore is not None and (len(restore) != 2 or not 1 <= restore[0] <= library.levels(chain)):
            raise _invalid(f"{where}.deload_restore", _("must be a level and a step"))
    for i, session in enumerate(tables.get("session", [])):
        for j, row in enumerate(session.get("results", [])):
            where = f"tables.session.{i}.results.{j}"
            spec = exercise(row["exercise_id"], f"{where}.exercise_id")
            if row.get("chain") is not None:
                level_and_step(_known_chain(row["chain"], f"{where}.chain"), row.get("level"), row.get("step"),
                               spec, where)
            elif row.get("step") is not None and row["step"] not in valid_steps(spec.ladder):
                raise _invalid(f"{where}.step", _("{exercise} has steps 0 to {steps}").format(
                    exercise=spec.id, steps=max(valid_steps(spec.ladder))))
    tiers = {t.code for t in Tier}
    for key in ("screening", "body_map"):  # the red-flag tier decides whether exercise is paused (ref 1.1)
        for i, row in enumerate(tables.get(key, [])):
            if row.get("tier") is not None and row["tier"] not in tiers:
                raise _invalid(f"tables.{key}.{i}.tier", _("{value} is not a known safety tier").format(
                    value=repr(row["tier"])))
    for i, row in enumerate(tables.get("movement_test", [])):
        if row["test_id"] not in MOVEMENT_TEST_IDS:
            raise _invalid(f"tables.movement_test.{i}.test_id", _("{value} is not a known movement check").format(
                value=repr(row["test_id"])))
    forms = {f.value for f in Form}
    for i, session in enumerate(tables.get("session", [])):
        for j, row in enumerate(session.get("results", [])):
            if row.get("form") is not None and row["form"] not in forms:
                raise _invalid(f"tables.session.{i}.results.{j}.form", _("must be good, mostly or poor"))
    for i, row in enumerate(tables.get("event", [])):
        if row.get("chain") is not None:
            _known_chain(row["chain"], f"tables.event.{i}.chain")
        if row.get("exercise_id") is not None:
            exercise(row["exercise_id"], f"tables.event.{i}.exercise_id")
    profile = loaded["profile"]
    try:
        PlanMeta.model_validate(profile.get("plan_meta") or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(["profile", "plan_meta", *(str(p) for p in first.get("loc", ()))])
        raise _invalid(where, str(first.get("msg") or _("is not valid")).removeprefix("Value error, ")) from None
    try:
        ClinicalConfig.from_dict(dict(profile.get("config") or {}))
    except (ValueError, TypeError):
        raise _invalid("profile.config", _("holds thresholds this BackTrainer cannot use")) from None


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError(_("The file is not a BackTrainer export (it is not UTF-8 text).")) from None
    return text.removeprefix("\ufeff")  # a byte-order mark some editors add is fine


def parse_document(data: bytes | str) -> dict[str, Any]:
    """Parse and validate a document (no database access). Raises ExchangeError with a plain message."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(len(raw))
    text = _decode(raw)
    try:
        loaded = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise ExchangeError(_("The file is nested too deeply to be a BackTrainer export.")) from None
    except ExchangeError:
        raise
    except json.JSONDecodeError as exc:
        raise ExchangeError(_("The file is not valid JSON (line {line}, column {column}: {problem}).").format(
            line=exc.lineno, column=exc.colno, problem=exc.msg)) from None
    except ValueError:  # an integer literal longer than Python reads (4,300 digits)
        raise ExchangeError(_("The file is not a BackTrainer export: it holds a number with thousands of "
                              "digits.")) from None
    if not isinstance(loaded, dict):
        raise ExchangeError(_("The file is not a BackTrainer export (it should hold one JSON object)."))
    if loaded.get("format") != FORMAT:
        raise ExchangeError(_("The file is not a BackTrainer profile export (its \"format\" is not \"{format}\").")
                            .format(format=FORMAT))
    version = loaded.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ExchangeError(_("The file uses export version {version}; this BackTrainer reads version {supported}. "
                              "Please update BackTrainer.").format(version=version, supported=VERSION))
    if type(version) is not int or version != VERSION:
        raise _invalid("version", _("must be the number {supported}").format(supported=VERSION))
    where = _lone_surrogate(loaded)
    if where is not None:
        raise _invalid(where, _("holds a broken character (a lone surrogate), so it is not real text"))
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
    _check_content(loaded)
    return loaded


@dataclass(frozen=True)
class ImportResult:
    profile_id: int
    nickname: str
    rows: int
    dropped: tuple[str, ...] = ()  # clinician-only fields left out (no clinician signed in for the import)


def drop_clinician_fields(document: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A copy of ``document`` without the clinician-only fields, and the names of those that held something.

    Without a clinician's PIN an import is a self-managed profile: a red flag's clearing is not taken (the pause
    stands until a clinician clears it on this laptop), nor the clinician's thresholds, limits, note and chain
    locks, and clinician entries of the log are kept as history but no longer signed by a clinician."""
    doc = json.loads(json.dumps(document))
    dropped: set[str] = set()
    profile = doc["profile"]
    if profile.get("config"):
        dropped.add("profile.config")
    profile["config"] = {}
    if profile.get("clinic_managed"):
        dropped.add("profile.clinic_managed")
    profile["clinic_managed"] = False
    meta = profile.get("plan_meta")
    if isinstance(meta, dict):
        for key, default in CLINICIAN_PLAN_META.items():
            if key in meta and meta[key] != default:
                dropped.add(f"profile.plan_meta.{key}")
                meta[key] = default
    tables = doc["tables"]
    for row in tables.get("screening", []):
        for key in CLINICIAN_SCREENING_FIELDS:
            if row.get(key) is not None:
                dropped.add(f"screening.{key}")
                row[key] = None
    for row in tables.get("plan_chain", []):
        if row.get("locked"):
            dropped.add("plan_chain.locked")
            row["locked"] = False
    for row in tables.get("event", []):
        actor = str(row.get("actor", ""))
        if actor.startswith("clinician:"):
            dropped.add("event.actor")
            row["actor"] = f"imported-{actor}"[:200]
    return doc, tuple(sorted(dropped))


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


def import_document(db: Database, document: Mapping[str, Any], *, clinician: str | None = None,
                    now: str | None = None) -> ImportResult:
    """Write a parsed document as a new profile in one transaction, with a ``profile_imported`` event.

    ``clinician`` is the id of a clinician whose PIN the caller checked (services.clinic.ClinicService.verify):
    only then are clinician-only fields taken from the file; otherwise they are dropped (see
    :func:`drop_clinician_fields`)."""
    dropped: tuple[str, ...] = ()
    if clinician is None:
        document, dropped = drop_clinician_fields(document)
    stamp_now = now or datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat()
    local_day = date.today().isoformat() if now is None else now[:10]
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
        s.add(Event(profile_id=pid, at=stamp_now, day=local_day, kind="profile_imported",
                    actor=f"clinician:{clinician}" if clinician else "app",
                    payload={"app_version": str(document.get("app_version", ""))[:40], "rows": rows,
                             "clinician_fields": "kept" if clinician else "dropped", "dropped": list(dropped)}))
    log.info("profile %s imported (%s rows, clinician fields %s)", pid, rows,
             "kept by clinician " + clinician if clinician else f"dropped: {len(dropped)}")
    return ImportResult(pid, nickname, rows, dropped)


def read_import_file(path: Path) -> bytes:
    """The bytes of an import file; a file over the limit is refused with its real size, before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_large(size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExchangeError(_("The file {path} cannot be read: {problem}.").format(
            path=path, problem=exc.strerror or exc)) from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise too_large(len(data))
    return data


def import_file(db: Database, path: Path, *, clinician: str | None = None) -> ImportResult:
    """Validate ``path`` completely, then import it as a new profile (nothing is written for a bad file)."""
    return import_document(db, parse_document(read_import_file(path)), clinician=clinician)


def export_profile_json(db: Database, profile_id: int, out_dir: Path, *, clock: Clock) -> Path:
    """Write the profile's JSON export into ``out_dir`` under a dated file name; returns the file (clinic use)."""
    document = export_document(db, profile_id)
    nickname = str(document["profile"].get("nickname") or "profile")
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in nickname).strip("-")[:40] or "profile"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"backtrainer-{safe}-{clock.now():%Y%m%d-%H%M%S}.json"
    _write_text(out, dumps(document))
    return out
