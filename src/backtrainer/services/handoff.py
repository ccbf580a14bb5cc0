"""Plan hand-off files: a clinician saves a patient's plan settings to a file and loads it on another laptop.

The laptops are offline, so a plan travels on a USB stick (ref 8.5 "Plans can be exported and imported as a
signed file"). The file is UTF-8 JSON, at most :data:`MAX_BYTES` (256 KB)::

    {
      "format": "backtrainer-plan-handoff",
      "version": 1,
      "created_at": "2026-03-09T08:30:00",          # UTC, seconds
      "app_version": "0.1.0",
      "clinic_name": "Example Clinic",               # may be empty
      "clinician_id": "c1",                          # who saved it (never a patient name or id)
      "key_id": "3f2a9c1b0d4e5f60",                  # first 16 hex digits of SHA-256(key): which clinic key signed it
      "plan": {
        "settings": {                                # the clinician-settable part of PlanMeta
          "custom_ceiling": 5 | null, "modifiers": ["SLOW", ...], "include_optional": ["ANT", ...],
          "weekdays": [0, 2, 4], "auto_progression": true, "has_band": false, "prone_ok": true,
          "cooldown": "MO-04", "walk_minutes": 10 | null, "walks_per_day": 1, "reminders_on": true,
          "reminder_time": "18:00", "checkin_reminder_time": "08:00", "clinician_note": "...",
          "caps": [{"chain": "HNG", "max_level": 2, "until": "2026-04-01", "code": "CAP_FTF"}]
        },
        "chains": [{"chain": "MC", "exercise_id": "MC-02", "level": 2, "step": 0, "included": true,
                    "locked": false}, ...]
      },
      "signature": "<64 hex digits>"
    }

**Signing.** ``signature = HMAC-SHA256(key, canonical)``, where ``canonical`` is the whole document without the
``signature`` member, serialised with ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
and encoded as UTF-8. The key is derived from the **clinic hand-off code** (a random 20-character code made when
clinic mode is switched on and typed once on each of the clinic's laptops; see ``services.clinic``) with
``hashlib.scrypt(code, salt=b"backtrainer-plan-handoff/1", n=2**14, r=8, p=1, dklen=32)``. A per-clinician PIN is
not used: PINs differ between laptops and 4-6 digits are too few to resist guessing. The signature protects against
a file changed on the way (by accident or by hand) and against files from outside the clinic; it does not hide the
contents, which are plan settings only (no name, no answers, no history).

**Loading** reads at most 256 KB, rejects duplicate keys, NaN/Infinity and unknown keys, validates every field
strictly with pydantic (no type coercion), checks the signature, checks each chain's exercise, level and step
against the exercise library, and only then applies the plan to the chosen profile in one transaction (a chain
missing from the file is switched off). Every problem raises :class:`HandoffError` with a plain message; the
database is never partly changed. Qt-free.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import unicodedata
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from sqlmodel import select

from backtrainer import __version__
from backtrainer.core.chains import Chain
from backtrainer.core.library import Library
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression_ladder import valid_steps
from backtrainer.files import write_private
from backtrainer.i18n import _, ngettext
from backtrainer.services.clock import Clock, stamp
from backtrainer.services.plan_meta import CapModel, load_plan_meta
from backtrainer.store.db import Database
from backtrainer.store.errors import NotFoundError
from backtrainer.store.tables import Event, PlanChain, Profile

log = logging.getLogger("backtrainer.app")

FORMAT = "backtrainer-plan-handoff"
VERSION = 1
MAX_BYTES = 256 * 1024
SUFFIX = ".btplan"
KDF_SALT = b"backtrainer-plan-handoff/1"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
CODE_LENGTH = 20


class HandoffError(ValueError):
    """A plan hand-off file cannot be read, is not genuine, or does not fit this app; the message is plain."""


# ---------------------------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------------------------
def new_handoff_code() -> str:
    """A random clinic hand-off code, shown as five groups of four characters (100 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """Upper-case, without spaces and dashes; raises HandoffError when it is not a hand-off code."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", code).upper() if ch not in " -\t")
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise HandoffError(_("A clinic hand-off code has 20 letters and digits, for example ABCD-EFGH-JKLM-NPQR-STUV."))
    return text


def derive_key(code: str) -> bytes:
    """The 32-byte signing key of a clinic hand-off code (scrypt, fixed salt: the same on every laptop)."""
    return hashlib.scrypt(normalise_code(code).encode("ascii"), salt=KDF_SALT, n=2 ** 14, r=8, p=1, dklen=32)


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def canonical(document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def sign(document: dict[str, Any], key: bytes) -> dict[str, Any]:
    """The document with its ``key_id`` and ``signature`` set."""
    body = {k: v for k, v in document.items() if k != "signature"}
    body["key_id"] = key_id(key)
    return body | {"signature": hmac.new(key, canonical(body), hashlib.sha256).hexdigest()}


# ---------------------------------------------------------------------------------------------------------------
# The document model (strict: no coercion, unknown keys rejected)
# ---------------------------------------------------------------------------------------------------------------
HHMM = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HandoffCap(_Strict):
    chain: Chain
    max_level: int = Field(ge=1, le=5)
    until: date
    code: Annotated[str, StringConstraints(max_length=40)] = ""


class HandoffSettings(_Strict):
    custom_ceiling: int | None = Field(ge=3, le=6)
    modifiers: list[Modifier] = Field(max_length=len(Modifier))
    include_optional: list[Chain] = Field(max_length=len(Chain))
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(min_length=1, max_length=7)
    auto_progression: bool
    has_band: bool
    prone_ok: bool
    cooldown: Annotated[str, StringConstraints(max_length=20)]
    walk_minutes: int | None = Field(ge=0, le=120)
    walks_per_day: int = Field(ge=1, le=6)
    reminders_on: bool
    reminder_time: HHMM
    checkin_reminder_time: HHMM
    clinician_note: Annotated[str, StringConstraints(max_length=2000)]
    caps: list[HandoffCap] = Field(max_length=len(Chain))

    @model_validator(mode="after")
    def _unique(self) -> HandoffSettings:
        for name in ("modifiers", "include_optional", "weekdays"):
            values = getattr(self, name)
            if len(set(values)) != len(values):
                raise ValueError(_("{field} lists something twice").format(field=name))
        return self


class HandoffChain(_Strict):
    chain: Chain
    exercise_id: Annotated[str, StringConstraints(max_length=20)]
    level: int = Field(ge=1, le=5)
    step: int = Field(ge=0, le=5)
    included: bool
    locked: bool


class HandoffPlan(_Strict):
    settings: HandoffSettings
    chains: list[HandoffChain] = Field(min_length=1, max_length=len(Chain))

    @model_validator(mode="after")
    def _unique(self) -> HandoffPlan:
        chains = [c.chain for c in self.chains]
        if len(set(chains)) != len(chains):
            raise ValueError(_("a chain is listed twice"))
        return self


class HandoffDocument(_Strict):
    format: Literal["backtrainer-plan-handoff"]
    version: Literal[1]
    created_at: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    app_version: Annotated[str, StringConstraints(max_length=40)]
    clinic_name: Annotated[str, StringConstraints(max_length=120)]
    clinician_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    plan: HandoffPlan
    signature: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# ---------------------------------------------------------------------------------------------------------------
# Reading and checking a file
# ---------------------------------------------------------------------------------------------------------------
def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise HandoffError(_("The file is damaged: the entry {key} appears twice.").format(key=repr(key[:40])))
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise HandoffError(_("The file is damaged: it holds a number that is not a number."))


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors(include_input=False, include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or _("(top level)")
    if len(errors) > 1:
        return ngettext("{where}: {problem} (and {count} more problem)",
                        "{where}: {problem} (and {count} more problems)", len(errors) - 1).format(
            where=where[:120], problem=first["msg"][:200], count=len(errors) - 1)
    return f"{where[:120]}: {first['msg'][:200]}"


def parse_handoff(data: bytes, key: bytes, library: Library) -> HandoffDocument:
    """Check a hand-off file's bytes completely; return the document or raise :class:`HandoffError`."""
    if len(data) > MAX_BYTES:
        raise HandoffError(_("This file is too large to be a plan hand-off file (the limit is 256 KB)."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise HandoffError(_("This is not a plan hand-off file (it is not text).")) from None
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except HandoffError:
        raise
    except (ValueError, RecursionError):
        raise HandoffError(_("This is not a plan hand-off file (it is not readable JSON).")) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise HandoffError(_("This is not a BackTrainer plan hand-off file."))
    if raw.get("version") != VERSION or isinstance(raw.get("version"), bool):
        raise HandoffError(_("This plan hand-off file was made by a different version of BackTrainer and cannot be "
                             "read here."))
    if raw.get("key_id") != key_id(key):
        raise HandoffError(_("This file was signed with a different clinic hand-off code. Check that both laptops "
                             "use the same code."))
    signature = raw.get("signature")
    try:
        expected = hmac.new(key, canonical(raw), hashlib.sha256).hexdigest()
    except (TypeError, ValueError):
        raise HandoffError(_("This plan hand-off file is damaged.")) from None
    if not isinstance(signature, str) or not hmac.compare_digest(signature.encode("utf-8", "replace"),
                                                                 expected.encode()):
        raise HandoffError(_("This plan hand-off file was changed after it was saved, so it cannot be trusted. "
                             "Save it again on the first laptop."))
    try:
        doc = HandoffDocument.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise HandoffError(_("This plan hand-off file does not fit: {problem}.").format(
            problem=_first_problem(exc))) from None
    _check_against_library(doc, library)
    return doc


def _check_against_library(doc: HandoffDocument, library: Library) -> None:
    for item in doc.plan.chains:
        if item.chain not in library.chains:
            raise HandoffError(_("The file names the chain {chain}, which this app does not have.").format(
                chain=item.chain.value))
        if not 1 <= item.level <= library.levels(item.chain):
            raise HandoffError(_("The file puts {chain} at level {level}, which does not exist.").format(
                chain=item.chain.value, level=item.level))
        spec = library.at(item.chain, item.level)
        if spec.id != item.exercise_id:
            raise HandoffError(_("The file names {exercise} for {chain} level {level}, but that level is {here} here.")
                               .format(exercise=item.exercise_id[:20], chain=item.chain.value, level=item.level,
                                       here=spec.id))
        if item.step not in valid_steps(spec.ladder):
            raise HandoffError(_("The file puts {exercise} at step {step}, which does not exist.").format(
                exercise=item.exercise_id, step=item.step))
    settings = doc.plan.settings
    if settings.cooldown not in library.templates.cooldown_options:
        raise HandoffError(_("The file names an unknown cool-down exercise {exercise}.").format(
            exercise=repr(settings.cooldown)))
    for cap in settings.caps:
        if cap.max_level > library.levels(cap.chain):
            raise HandoffError(_("The file caps {chain} at level {level}, which does not exist.").format(
                chain=cap.chain.value, level=cap.max_level))


def read_handoff(path: Path, key: bytes, library: Library) -> HandoffDocument:
    """Read and check a hand-off file (never more than 256 KB is read)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise HandoffError(_("That file does not exist any more.")) from None
    except IsADirectoryError:
        raise HandoffError(_("That is a folder, not a plan hand-off file.")) from None
    except OSError as exc:
        raise HandoffError(_("The file could not be read ({problem}).").format(problem=type(exc).__name__)) from None
    return parse_handoff(data, key, library)


# ---------------------------------------------------------------------------------------------------------------
# Building and writing a file
# ---------------------------------------------------------------------------------------------------------------
SETTING_FIELDS = tuple(HandoffSettings.model_fields)


def build_document(db: Database, profile_id: int, key: bytes, *, clinician_id: str, clinic_name: str,
                   clock: Clock) -> dict[str, Any]:
    """The signed hand-off document of a profile's current plan (plan settings and chains only)."""
    with db.session_scope() as session:
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise NotFoundError(f"profile {profile_id} does not exist")
        meta = load_plan_meta(profile.plan_meta)
        rows = session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id)).all()
        chains = [{"chain": r.chain, "exercise_id": r.exercise_id, "level": r.level, "step": r.step,
                   "included": r.included, "locked": r.locked} for r in sorted(rows, key=lambda r: r.chain)]
    if not chains:
        raise HandoffError(_("This patient has no plan yet, so there is nothing to save."))
    dumped = meta.dump()
    settings = {name: dumped[name] for name in SETTING_FIELDS}
    settings["modifiers"] = sorted(settings["modifiers"])
    settings["include_optional"] = sorted(settings["include_optional"])
    settings["weekdays"] = sorted(settings["weekdays"])
    document = {
        "format": FORMAT, "version": VERSION, "created_at": stamp(clock), "app_version": __version__,
        "clinic_name": clinic_name, "clinician_id": clinician_id, "plan": {"settings": settings, "chains": chains},
    }
    return sign(document, key)


def save_handoff(db: Database, profile_id: int, path: Path, key: bytes, *, clinician_id: str, clinic_name: str,
                 clock: Clock) -> Path:
    """Write the profile's plan as a signed hand-off file at ``path`` (the place the clinician chose)."""
    document = build_document(db, profile_id, key, clinician_id=clinician_id, clinic_name=clinic_name, clock=clock)
    data = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    write_private(Path(path), data)
    log.info("plan hand-off saved for profile %s by clinician %s", profile_id, clinician_id)
    return Path(path)


# ---------------------------------------------------------------------------------------------------------------
# Applying a checked document
# ---------------------------------------------------------------------------------------------------------------
def apply_handoff(db: Database, profile_id: int, doc: HandoffDocument, *, clinician_id: str, reason: str,
                  clock: Clock) -> None:
    """Set the profile's plan from a checked document in one transaction, logged as a clinician action."""
    now = stamp(clock)
    today = clock.now().date().isoformat()
    settings = doc.plan.settings
    with db.session_scope() as session:
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise NotFoundError(f"profile {profile_id} does not exist")
        rows = {r.chain: r for r in session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id))}
        wanted = {c.chain.value: c for c in doc.plan.chains}
        for chain, item in wanted.items():
            row = rows.get(chain)
            if row is None:
                row = PlanChain(profile_id=profile_id, chain=chain, exercise_id=item.exercise_id, level=item.level,
                                step=item.step, since_day=today, updated_at=now)
            elif (row.level, row.step, row.exercise_id) != (item.level, item.step, item.exercise_id):
                row.since_day = today
                row.deload_restore = None
                row.maintenance = False
            row.exercise_id, row.level, row.step = item.exercise_id, item.level, item.step
            row.included, row.locked, row.updated_at = item.included, item.locked, now
            session.add(row)
        for chain, row in rows.items():
            if chain not in wanted:
                row.included, row.locked, row.updated_at = False, False, now
                session.add(row)
        meta = load_plan_meta(profile.plan_meta)
        modifiers = set(settings.modifiers) - {Modifier.CLINICIAN_LOCK}
        if any(c.locked for c in doc.plan.chains):
            modifiers.add(Modifier.CLINICIAN_LOCK)
        meta = meta.with_changes(
            custom_ceiling=settings.custom_ceiling, modifiers=tuple(sorted(modifiers)),
            include_optional=tuple(settings.include_optional), weekdays=tuple(sorted(settings.weekdays)),
            auto_progression=settings.auto_progression, has_band=settings.has_band, prone_ok=settings.prone_ok,
            cooldown=settings.cooldown, walk_minutes=settings.walk_minutes, walks_per_day=settings.walks_per_day,
            reminders_on=settings.reminders_on, reminder_time=settings.reminder_time,
            checkin_reminder_time=settings.checkin_reminder_time, clinician_note=settings.clinician_note,
            caps=tuple(CapModel(chain=c.chain, max_level=c.max_level, until=c.until, code=c.code)
                       for c in settings.caps),
        )
        profile.plan_meta = meta.dump()
        # A patient without a plan yet: the clinician's plan is the plan now, and Today shows it instead of
        # offering the first assessment (an unfinished first assessment is closed). The safety questions are not
        # skipped: with no full screen on record, Today asks for them before the first session (ref 1.4, RS-NEVER).
        # A patient who has a plan keeps their state (a re-screen in progress goes on; the plan's first day stays).
        state = dict(profile.assessment_state or {})
        if not state.get("done"):
            state.update({"done": True, "step": None, "mode": "full", "plan_source": "clinician"})
            state.setdefault("plan_day", today)
            profile.assessment_state = state
        session.add(profile)
        session.add(Event(profile_id=profile_id, at=now, day=today, kind="clinician_action",
                          reasons=["HANDOFF_LOADED"], actor=f"clinician:{clinician_id}",
                          payload={"action": "handoff_loaded", "reason": reason, "file_created_at": doc.created_at,
                                   "file_clinician": doc.clinician_id, "key_id": doc.key_id,
                                   "chains": len(doc.plan.chains)}))
    log.info("plan hand-off applied to profile %s by clinician %s", profile_id, clinician_id)


def load_handoff(db: Database, profile_id: int, path: Path, key: bytes, library: Library, *, clinician_id: str,
                 reason: str, clock: Clock) -> HandoffDocument:
    """Read, check and apply a hand-off file; nothing changes unless every check passed."""
    doc = read_handoff(Path(path), key, library)
    apply_handoff(db, profile_id, doc, clinician_id=clinician_id, reason=reason, clock=clock)
    return doc
