"""Clinic mode (issue 8, clinical reference 8.5, 6.9, 6.2, 1.1): clinician PINs, clinician-set plans and laptop
turnover.

* Clinic mode is switched on once with a first clinician and a 4-6 digit PIN (salted scrypt hash through
  ``services.pin``), stored in the database (tables ``clinic_info`` and ``clinician``; an older version's
  ``settings.toml`` clinicians are moved there on first look), so no damaged or deleted file can switch it off or
  open the set-up again. A clinic hand-off code (for signed plan files, see
  ``services.handoff``) is kept in ``<data dir>/clinic_key.json``.
* Wrong PINs slow down after :data:`FREE_TRIES` tries: each further wrong PIN locks that clinician out for
  30 s, 60 s, 120 s ... (at most 15 minutes). Counts and lock-out times live in the database (``pin_lockout``,
  services.pin_gate), shared with the command line, so neither a restart nor deleting a file resets them.
* Every clinician action on a patient is one transaction and one ``Event`` (kind ``clinician_action``, actor
  ``clinician:<id>``, a reason code, the typed reason and the values before and after). Actions that leave no
  profile behind (switching clinic mode on, adding a clinician, importing a pack, wiping a profile) are written to
  ``<data dir>/clinic_audit.jsonl`` with ids, counts and codes only.
* End of loan: :meth:`ClinicService.describe_wipe` counts exactly what will go; :meth:`ClinicService.wipe_profile`
  deletes the profile's rows (foreign keys cascade), purges the profile from every backup and damaged copy (rows
  deleted, ``VACUUM``, same file name and time), removes its session draft, vacuums the main database and
  checkpoints the WAL, then :meth:`ClinicService.verify_wiped` proves that no row with the profile id is left in any
  database and that the nickname appears in no file of the data dir.

Log lines carry ids, counts and codes only. Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, delete, func, select

from backtrainer import settings as app_settings
from backtrainer.core.chains import Chain
from backtrainer.core.config import CLINICIAN_EDITABLE, DEFAULT_CONFIG, ClinicalConfig
from backtrainer.core.library import Library
from backtrainer.core.modifiers import Modifier
from backtrainer.core.progression import AWAITING_APPROVAL, CLINICIAN_APPROVED
from backtrainer.core.progression_ladder import valid_steps
from backtrainer.i18n import N_, _
from backtrainer.paths import DataPaths
from backtrainer.services.clock import Clock, stamp
from backtrainer.services.pin_gate import PinGate, PinLockedError, WrongPinError
from backtrainer.services.plan_meta import PlanMeta, load_plan_meta
from backtrainer.services.validation import InputError, clean_nickname
from backtrainer.store import backup as backups
from backtrainer.store.db import Database
from backtrainer.store.errors import NotFoundError
from backtrainer.store.reading import connect_read_only
from backtrainer.store.records import ProfileRecord
from backtrainer.store.repos import to_record
from backtrainer.store.tables import (
    BodyMapRecord,
    Checkin,
    ClinicInfo,
    Event,
    ExerciseResult,
    MovementTestResult,
    PlanChain,
    Profile,
    QuestionnaireResponse,
    Screening,
)
from backtrainer.store.tables import Clinician as ClinicianRow
from backtrainer.store.tables import Session as SessionRow

log = logging.getLogger("backtrainer.app")

PIN_RE = re.compile(r"^[0-9]{4,6}$")
LOCKING_TIERS = ("EMERGENCY", "CLINICIAN_SOON")
KEY_FILE = "clinic_key.json"
AUDIT_FILE = "clinic_audit.jsonl"
PACKS_FOLDER = "instrument_packs"  # the folder AssessmentService reads (services.assessment.PACKS_FOLDER)
DRAFT_PATTERN = re.compile(r"^session-draft-(\d+)\.(json|damaged)$")
SCAN_SKIP = ("videos",)  # clinic-supplied exercise videos: not patient data, and large
# Versions before the native Progress charts (issue 19) saved chart pictures of each profile in
# cache/charts/<profile id>-<tag>/. Nothing writes there now; a wipe still removes what an older version left.
OLD_CHART_PICTURES = ("cache", "charts")
OLD_CHART_SUFFIX = ".chart"


def old_chart_folders(data_root: Path, profile_id: int) -> list[Path]:
    """The chart-picture folders an older version saved for ``profile_id`` (whatever its creation time)."""
    root = Path(data_root).joinpath(*OLD_CHART_PICTURES)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.split("-", 1)[0] == str(int(profile_id)))


def old_chart_files(data_root: Path, profile_id: int) -> list[Path]:
    """Every file of those folders (pictures and the look they were drawn at): what a wipe lists and checks."""
    return [p for folder in old_chart_folders(data_root, profile_id) for p in sorted(folder.rglob("*")) if p.is_file()]


def remove_old_charts(data_root: Path, profile_id: int) -> int:
    """Delete the wiped patient's old chart pictures (a wipe deletes, as it does drafts and exports); returns how
    many files went. Renamed first, so the folder is gone from its place in one step."""
    removed = 0
    for folder in old_chart_folders(data_root, profile_id):
        tomb = folder.with_name(f".gone-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
        folder.rename(tomb)
        removed += sum(1 for p in tomb.rglob("*") if p.is_file())
        shutil.rmtree(tomb, ignore_errors=True)
    return removed


class ClinicError(InputError):
    """A clinician action that cannot be done; the message is shown as is."""


# ---------------------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClinicianInfo:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class ClinicStatus:
    enabled: bool
    clinic_name: str
    clinicians: tuple[ClinicianInfo, ...]
    handoff_code_set: bool


@dataclass(frozen=True, slots=True)
class PatientSummary:
    id: int
    nickname: str
    clinic_managed: bool
    has_plan: bool
    open_tier: str | None
    locked_chains: int


@dataclass(frozen=True, slots=True)
class Proposal:
    """A move up the engine proposed while the patient's plan asks for the clinician's OK (ref 8.5 [PD])."""

    id: int  # the event's id
    day: str
    chain: str
    chain_name: str
    from_name: str
    to_name: str
    from_level: int
    from_step: int
    to_level: int
    to_step: int
    to_exercise_id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChainView:
    chain: str
    name: str
    exercise_id: str
    exercise_name: str
    level: int
    levels: int
    step: int
    max_step: int
    included: bool
    locked: bool


@dataclass(frozen=True, slots=True)
class OpenScreen:
    id: int
    at: str
    tier: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PatientDetail:
    profile: ProfileRecord
    meta: PlanMeta
    chains: tuple[ChainView, ...]
    open_screens: tuple[OpenScreen, ...]
    recent_actions: tuple[tuple[str, str, str], ...]  # (at, actor, code)
    config: ClinicalConfig = DEFAULT_CONFIG  # the patient's thresholds (Appendix B; defaults where not changed)
    proposals: tuple[Proposal, ...] = ()  # moves up waiting for a clinician's OK (ref 8.5)


@dataclass(frozen=True, slots=True)
class ChainChange:
    """What a clinician changes on one chain; None leaves that part as it is."""

    chain: str
    level: int | None = None
    step: int | None = None
    locked: bool | None = None
    included: bool | None = None


WIPE_LABELS: tuple[tuple[str, str], ...] = (  # English msgids, translated in WipePlan.lines()
    ("sessions", N_("Exercise sessions")),
    ("exercise_results", N_("Exercise ratings in those sessions")),
    ("checkins", N_("Daily check-ins")),
    ("questionnaires", N_("Questionnaires")),
    ("body_maps", N_("Body maps")),
    ("screenings", N_("Red-flag screens")),
    ("movement_tests", N_("Movement test results")),
    ("plan_chains", N_("Exercise plan entries")),
    ("events", N_("Diary and decision log entries")),
)


@dataclass(frozen=True, slots=True)
class WipePlan:
    """Exactly what an end-of-loan wipe will delete."""

    profile_id: int
    nickname: str
    counts: dict[str, int]
    backups: tuple[Path, ...]  # backup files that hold this profile
    damaged: tuple[Path, ...]  # set-aside damaged copies that hold (or may hold) it
    drafts: tuple[Path, ...]  # unfinished-session drafts
    exports: tuple[Path, ...] = ()  # earlier exports of this patient inside the data dir
    pictures: tuple[Path, ...] = ()  # chart pictures an older version saved (OLD_CHART_PICTURES)

    def lines(self) -> list[str]:
        out = [_("The profile “{name}” with its settings and PIN").format(name=self.nickname)]
        out += [_("{what}: {count}").format(what=_(text), count=self.counts.get(key, 0)) for key, text in WIPE_LABELS]
        out.append(_("Backup copies holding this patient: {count}").format(count=len(self.backups)))
        if self.damaged:
            out.append(_("Damaged database copies set aside earlier: {count}").format(count=len(self.damaged)))
        if self.drafts:
            out.append(_("Unfinished session drafts: {count}").format(count=len(self.drafts)))
        if self.exports:
            out.append(_("Earlier export files in the BackTrainer folder: {count}").format(count=len(self.exports)))
        charts = sum(1 for p in self.pictures if p.suffix == OLD_CHART_SUFFIX)  # (and the look they were drawn at)
        if charts:
            out.append(_("Saved pictures of the progress charts: {count}").format(count=charts))
        return out


@dataclass(frozen=True, slots=True)
class WipeCheck:
    """The proof after a wipe: no row with the profile id anywhere, the nickname in no file."""

    rows_left: dict[str, int]  # "<file name>:<table>" -> rows with the profile id
    files_with_name: tuple[Path, ...]
    unreadable: tuple[Path, ...]
    files_checked: int

    @property
    def clean(self) -> bool:
        return not self.rows_left and not self.files_with_name and not self.unreadable


@dataclass(frozen=True, slots=True)
class WipeReport:
    profile_id: int
    counts: dict[str, int]
    backups_cleaned: int
    damaged_cleaned: int
    drafts_removed: int
    check: WipeCheck
    export_path: Path | None = None


@dataclass(frozen=True, slots=True)
class PackSummary:
    pack_id: str
    licence_holder: str
    instruments: tuple[str, ...]
    path: Path


def _config_of(profile: Profile) -> ClinicalConfig:
    try:
        return ClinicalConfig.from_dict(dict(profile.config or {}))
    except (ValueError, TypeError):  # an unreadable stored value: the defaults apply (as in the training service)
        return DEFAULT_CONFIG


def _write_json_private(path: Path, data: Any) -> None:
    from backtrainer.files import write_private

    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------------------------
class ClinicService:
    """Clinic-mode use cases; every patient action is one transaction plus one logged event."""

    def __init__(self, db: Database, paths: DataPaths, clock: Clock, *, library: Library | None = None,
                 allow_test_packs: bool = False) -> None:
        self.db = db
        self.paths = paths
        self.clock = clock
        self._library = library
        self.allow_test_packs = allow_test_packs

    @property
    def library(self) -> Library:
        if self._library is None:
            from backtrainer.content.exercises import load_library

            self._library = load_library()
        return self._library

    # -- clinic set-up (database tables clinic_info and clinician, revision 0003) ----------------------------------
    def _move_legacy(self) -> None:
        """Move an older version's clinicians from settings.toml into the database (once: only while the database
        has no clinic set-up), then take them out of the file. Nothing else is ever read from the file for
        sign-in, so a damaged or deleted settings file cannot switch clinic mode off (issue 17)."""
        if not self.paths.settings.is_file():
            return
        current = app_settings.load(self.paths.settings)
        legacy = current.clinic
        if not legacy.clinicians and not legacy.enabled:
            return
        now = stamp(self.clock)
        with self.db.session_scope() as session:
            if session.get(ClinicInfo, 1) is None and legacy.enabled and legacy.clinicians:
                session.add(ClinicInfo(id=1, clinic_name=legacy.clinic_name, enabled_at=now))
                for c in legacy.clinicians:
                    if session.get(ClinicianRow, c.id) is None:
                        session.add(ClinicianRow(id=c.id, name=c.name, pin_hash=c.pin_hash, added_at=now))
        current.clinic = app_settings.ClinicSettings(crisis_line=legacy.crisis_line)
        app_settings.save(current, self.paths.settings)
        log.info("clinic set-up moved from settings.toml into the database")

    def _clinic(self) -> tuple[ClinicInfo | None, list[ClinicianRow]]:
        """The clinic set-up and its clinicians (a database that cannot be read raises: nothing opens)."""
        self._move_legacy()
        with self.db.session_scope() as session:
            info = session.get(ClinicInfo, 1)
            clinicians = list(session.exec(select(ClinicianRow)).all())
        clinicians.sort(key=lambda c: (len(c.id), c.id))
        if info is None and clinicians:  # the set-up row went missing: clinic mode stays on, locked by PINs
            info = ClinicInfo(id=1, clinic_name="", enabled_at="")
        return info, clinicians

    def status(self) -> ClinicStatus:
        info, clinicians = self._clinic()
        return ClinicStatus(enabled=info is not None, clinic_name=info.clinic_name if info else "",
                            clinicians=tuple(ClinicianInfo(c.id, c.name) for c in clinicians),
                            handoff_code_set=self.handoff_code() is not None)

    def _audit(self, action: str, actor: str, **fields: Any) -> None:
        """One line per clinic-level action: ids, counts and codes only."""
        line = json.dumps({"at": stamp(self.clock), "action": action, "actor": f"clinician:{actor}", **fields},
                          sort_keys=True)
        path = self.paths.root / AUDIT_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def audit_import(self, actor: str, profile_id: int, rows: int) -> None:
        """The audit line of an import a clinician signed in for (its clinician-only fields were kept)."""
        self._require(actor)
        self._audit("profile_imported", actor, profile=profile_id, rows=rows)

    @staticmethod
    def _check_pin(pin: str) -> str:
        pin = pin.strip()
        if not PIN_RE.match(pin):
            raise ClinicError(_("A clinician PIN has 4 to 6 digits."))
        return pin

    @staticmethod
    def _clean_name(name: str, limit: int) -> str:
        """A clinician's name, spaces tidied (the only name this checks)."""
        text = " ".join(name.split())
        if not text:
            raise ClinicError(_("Please type the clinician's name."))
        if len(text) > limit:
            raise ClinicError(_("Please use at most {limit} characters for the clinician's name.").format(limit=limit))
        return text

    def enable(self, clinic_name: str, clinician_name: str, pin: str, *, handoff_code: str | None = None
               ) -> ClinicianInfo:
        """Switch clinic mode on with its first clinician; a hand-off code is made when none is given."""
        from backtrainer.services import handoff
        from backtrainer.services import pin as pins

        info, _clinicians = self._clinic()
        if info is not None:
            raise ClinicError(_("Clinic mode is already on."))
        name = self._clean_name(clinician_name, 80)
        clinic = " ".join(clinic_name.split())[:120]
        code = handoff_code if handoff_code else handoff.new_handoff_code()
        normalised = handoff.normalise_code(code)
        pin_hash = pins.hash_pin(self._check_pin(pin))
        now = stamp(self.clock)
        with self.db.session_scope() as session:
            if session.get(ClinicInfo, 1) is not None:
                raise ClinicError(_("Clinic mode is already on."))
            session.add(ClinicInfo(id=1, clinic_name=clinic, enabled_at=now))
            session.add(ClinicianRow(id="c1", name=name, pin_hash=pin_hash, added_at=now))
        self._store_code(normalised)
        self._audit("clinic_enabled", "c1")
        log.info("clinic mode switched on (clinician c1)")
        return ClinicianInfo("c1", name)

    def add_clinician(self, actor: str, name: str, pin: str) -> ClinicianInfo:
        from backtrainer.services import pin as pins

        self._require(actor)
        clean = self._clean_name(name, 80)
        pin_hash = pins.hash_pin(self._check_pin(pin))
        with self.db.session_scope() as session:
            taken = {str(i) for i in session.exec(select(ClinicianRow.id))}
            number = len(taken) + 1
            while f"c{number}" in taken:
                number += 1
            new_id = f"c{number}"
            session.add(ClinicianRow(id=new_id, name=clean, pin_hash=pin_hash, added_at=stamp(self.clock)))
        self._audit("clinician_added", actor, clinician=new_id)
        return ClinicianInfo(new_id, clean)

    def _require(self, actor: str) -> None:
        info, clinicians = self._clinic()
        if info is None:
            raise ClinicError(_("Clinic mode is off."))
        if actor not in {c.id for c in clinicians}:
            raise ClinicError(_("Unknown clinician; please sign in again."))

    # -- hand-off code -------------------------------------------------------------------------------------------
    def handoff_code(self) -> str | None:
        data = _read_json(self.paths.root / KEY_FILE)
        code = data.get("handoff_code") if isinstance(data, dict) else None
        return code if isinstance(code, str) and code else None

    def _store_code(self, normalised: str) -> None:
        shown = "-".join(normalised[i:i + 4] for i in range(0, len(normalised), 4))
        _write_json_private(self.paths.root / KEY_FILE, {"handoff_code": shown})

    def set_handoff_code(self, actor: str, code: str) -> str:
        """Use the hand-off code of the clinic's other laptops (files signed with the old code stop loading)."""
        from backtrainer.services import handoff

        self._require(actor)
        normalised = handoff.normalise_code(code)
        self._store_code(normalised)
        self._audit("handoff_code_changed", actor)
        return self.handoff_code() or ""

    def handoff_key(self) -> bytes:
        from backtrainer.services import handoff

        code = self.handoff_code()
        if code is None:
            raise ClinicError(_("This laptop has no clinic hand-off code yet. Enter it under Clinic settings."))
        return handoff.derive_key(code)

    # -- PIN check with slow-down ---------------------------------------------------------------------------------
    def _gate(self) -> PinGate:
        return PinGate(self.db, self.clock)

    def verify(self, clinician_id: str, pin: str) -> ClinicianInfo:
        """Check a clinician's PIN; raises WrongPinError or PinLockedError (the PIN is never logged). The app and
        the command line share the lock-out (table pin_lockout). A hash made at an older, lower cost is made again
        at today's cost (services.pin)."""
        from backtrainer.services import pin as pins

        info, clinicians = self._clinic()
        clinician = next((c for c in clinicians if c.id == clinician_id), None)
        stored = clinician.pin_hash if clinician is not None else None

        def is_right() -> bool:
            return info is not None and pins.verify_pin(pin.strip(), stored)

        try:
            self._gate().check(f"clinician:{clinician_id[:40]}", is_right)
        except WrongPinError:
            log.warning("wrong clinician PIN for %s", clinician_id[:40])
            raise
        assert clinician is not None
        if pins.needs_rehash(stored):
            with self.db.session_scope() as session:
                row = session.get(ClinicianRow, clinician.id)
                if row is not None and row.pin_hash == stored:
                    row.pin_hash = pins.hash_pin(pin.strip())
                    session.add(row)
        log.info("clinician %s signed in", clinician_id)
        return ClinicianInfo(clinician.id, clinician.name)

    # -- patients ------------------------------------------------------------------------------------------------
    def setup_patient(self, actor: str, nickname: str, *, pin: str | None = None,
                      reason: str = "Patient set up in clinic") -> ProfileRecord:
        """Create a clinic-managed profile (optionally with its own PIN); the patient accepts the notice later."""
        from backtrainer.services import pin as pins

        self._require(actor)
        name = clean_nickname(nickname)
        pin_hash = None
        if pin:
            pin = pin.strip()
            if not PIN_RE.match(pin):
                raise ClinicError(_("A patient PIN has 4 to 6 digits (or leave it empty)."))
            pin_hash = pins.hash_pin(pin)
        now = stamp(self.clock)
        with self.db.session_scope() as session:
            row = Profile(nickname=name, created_at=now, pin_hash=pin_hash, clinic_managed=True,
                          plan_meta=PlanMeta().dump())
            session.add(row)
            session.flush()
            assert row.id is not None
            session.add(self._event(row.id, actor, "PATIENT_SETUP", reason, {"with_pin": pin_hash is not None}))
            record = to_record(row)
        log.info("clinician %s set up profile %s", actor, record.id)
        return record

    def patients(self) -> list[PatientSummary]:
        with self.db.session_scope() as session:
            profiles = session.exec(select(Profile).order_by(Profile.nickname)).all()
            out = []
            for p in profiles:
                assert p.id is not None
                chains = session.exec(select(PlanChain).where(PlanChain.profile_id == p.id)).all()
                tier = session.exec(select(Screening.tier).where(
                    Screening.profile_id == p.id, col(Screening.cleared_at).is_(None),
                    col(Screening.tier).in_(LOCKING_TIERS)).order_by(col(Screening.at).desc())).first()
                out.append(PatientSummary(p.id, p.nickname, p.clinic_managed, bool(chains), tier,
                                          sum(1 for c in chains if c.locked)))
            return out

    def patient(self, profile_id: int) -> PatientDetail:
        library = self.library
        with self.db.session_scope() as session:
            profile = self._profile(session, profile_id)
            meta = load_plan_meta(profile.plan_meta)
            rows = session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id)
                                .order_by(col(PlanChain.id))).all()
            chains = []
            for r in rows:
                chain = Chain(r.chain)
                spec = library.exercises.get(r.exercise_id)
                chains.append(ChainView(
                    chain=r.chain, name=library.chains[chain].name if chain in library.chains else r.chain,
                    exercise_id=r.exercise_id, exercise_name=spec.name if spec else r.exercise_id, level=r.level,
                    levels=library.levels(chain), step=r.step,
                    max_step=max(valid_steps(spec.ladder)) if spec else 5, included=r.included, locked=r.locked))
            screens = session.exec(select(Screening).where(
                Screening.profile_id == profile_id, col(Screening.cleared_at).is_(None),
                col(Screening.tier).in_(LOCKING_TIERS)).order_by(col(Screening.at))).all()
            actions = session.exec(select(Event).where(
                Event.profile_id == profile_id, Event.kind == "clinician_action")
                .order_by(col(Event.at).desc(), col(Event.id).desc()).limit(8)).all()
            return PatientDetail(
                profile=to_record(profile), meta=meta, chains=tuple(chains),
                open_screens=tuple(OpenScreen(s.id or 0, s.at, s.tier, tuple(s.reasons)) for s in screens),
                recent_actions=tuple((e.at, e.actor, e.reasons[0] if e.reasons else "") for e in actions),
                config=_config_of(profile), proposals=tuple(self._proposals(session, profile_id)))

    @staticmethod
    def _profile(session: Any, profile_id: int) -> Profile:
        profile: Profile | None = session.get(Profile, profile_id)
        if profile is None:
            raise NotFoundError(f"profile {profile_id} does not exist")
        return profile

    def _event(self, profile_id: int, actor: str, code: str, reason: str, payload: dict[str, Any],
               chain: str | None = None, exercise_id: str | None = None) -> Event:
        return Event(profile_id=profile_id, at=stamp(self.clock), day=self.clock.now().date().isoformat(),
                     kind="clinician_action", chain=chain, exercise_id=exercise_id, reasons=[code],
                     actor=f"clinician:{actor}", payload={"action": code.lower(), "reason": reason.strip()[:500],
                                                          **payload})

    def _update_meta(self, actor: str, profile_id: int, code: str, reason: str, **changes: Any) -> PlanMeta:
        self._require(actor)
        with self.db.session_scope() as session:
            profile = self._profile(session, profile_id)
            meta = load_plan_meta(profile.plan_meta)
            before = {k: meta.dump()[k] for k in changes}
            meta = meta.with_changes(**changes)
            after = {k: meta.dump()[k] for k in changes}
            profile.plan_meta = meta.dump()
            session.add(profile)
            session.add(self._event(profile_id, actor, code, reason, {"before": before, "after": after}))
        log.info("clinician %s: %s on profile %s", actor, code, profile_id)
        return meta

    # -- plan controls -------------------------------------------------------------------------------------------
    def set_chains(self, actor: str, profile_id: int, changes: Sequence[ChainChange], *, reason: str) -> None:
        """Set levels/steps, lock or unlock and switch chains on or off, in one transaction (ref 6.9, 8.5).

        A chain that is locked is left alone by the engine (``ExerciseState.locked``); the plan carries the
        CLINICIAN_LOCK modifier while any chain is locked.
        """
        self._require(actor)
        library = self.library
        now = stamp(self.clock)
        today = self.clock.now().date().isoformat()
        with self.db.session_scope() as session:
            profile = self._profile(session, profile_id)
            rows = {r.chain: r for r in session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id))}
            for change in changes:
                try:
                    chain = Chain(change.chain)
                except ValueError:
                    raise ClinicError(_("Unknown chain {chain}.").format(chain=repr(change.chain[:10]))) from None
                row = rows.get(chain.value)
                level = change.level if change.level is not None else (row.level if row else 1)
                if not 1 <= level <= library.levels(chain):
                    raise ClinicError(_("{chain} has levels 1 to {levels}.").format(chain=chain.value,
                                                                                  levels=library.levels(chain)))
                spec = library.at(chain, level)
                step = change.step if change.step is not None else (
                    row.step if row is not None and row.level == level else 0)
                if step not in valid_steps(spec.ladder):
                    raise ClinicError(_("{exercise} has steps 0 to {steps}.").format(exercise=spec.id,
                                                                                   steps=max(valid_steps(spec.ladder))))
                if row is None:
                    row = PlanChain(profile_id=profile_id, chain=chain.value, exercise_id=spec.id, level=level,
                                    step=step, since_day=today, updated_at=now, included=False)
                    rows[chain.value] = row
                before = {"level": row.level, "step": row.step, "locked": row.locked, "included": row.included}
                if (row.level, row.step) != (level, step) or row.exercise_id != spec.id:
                    row.since_day = today
                    row.deload_restore = None
                    row.maintenance = False
                row.exercise_id, row.level, row.step = spec.id, level, step
                if change.locked is not None:
                    row.locked = change.locked
                if change.included is not None:
                    row.included = change.included
                row.updated_at = now
                after = {"level": row.level, "step": row.step, "locked": row.locked, "included": row.included}
                session.add(row)
                if after != before:
                    code = ("CHAIN_LOCKED" if after["locked"] and not before["locked"]
                            else "CHAIN_UNLOCKED" if before["locked"] and not after["locked"]
                            else "CHAIN_SET")
                    session.add(self._event(profile_id, actor, code, reason, {"before": before, "after": after},
                                            chain=chain.value, exercise_id=spec.id))
            meta = load_plan_meta(profile.plan_meta)
            modifiers = set(meta.modifiers) - {Modifier.CLINICIAN_LOCK}
            if any(r.locked for r in rows.values()):
                modifiers.add(Modifier.CLINICIAN_LOCK)
            optional = set(meta.include_optional)
            for change in changes:
                chain = Chain(change.chain)
                if change.included is not None and chain in library.templates.optional:
                    optional = optional | {chain} if change.included else optional - {chain}
            profile.plan_meta = meta.with_changes(modifiers=tuple(sorted(modifiers)),
                                                  include_optional=tuple(sorted(optional))).dump()
            session.add(profile)
        log.info("clinician %s changed %s chain(s) on profile %s", actor, len(changes), profile_id)

    def set_chain(self, actor: str, profile_id: int, chain: str, *, level: int | None = None,
                  step: int | None = None, locked: bool | None = None, included: bool | None = None,
                  reason: str) -> None:
        self.set_chains(actor, profile_id, [ChainChange(chain, level, step, locked, included)], reason=reason)

    def set_ceiling(self, actor: str, profile_id: int, ceiling: int | None, *, reason: str) -> PlanMeta:
        """The pain ceiling C, 3-6 (ref 6.2); None returns to the default of 5."""
        if ceiling is not None and not 3 <= ceiling <= 6:
            raise ClinicError(_("The pain ceiling can be set from 3 to 6."))
        return self._update_meta(actor, profile_id, "CEILING_SET", reason, custom_ceiling=ceiling)

    def set_schedule(self, actor: str, profile_id: int, weekdays: Iterable[int], *, reason: str) -> PlanMeta:
        days = tuple(sorted(set(weekdays)))
        if not days or any(not 0 <= d <= 6 for d in days):
            raise ClinicError(_("Please choose at least one session day."))
        return self._update_meta(actor, profile_id, "SCHEDULE_SET", reason, weekdays=days)

    def set_auto_progression(self, actor: str, profile_id: int, on: bool, *, reason: str) -> PlanMeta:
        return self._update_meta(actor, profile_id, "AUTO_PROGRESSION_SET", reason, auto_progression=bool(on))

    def set_note(self, actor: str, profile_id: int, note: str, *, reason: str) -> PlanMeta:
        text = note.strip()
        if len(text) > 2000:
            raise ClinicError(_("Please keep the note to 2,000 characters."))
        return self._update_meta(actor, profile_id, "NOTE_SET", reason, clinician_note=text)

    def set_reminders(self, actor: str, profile_id: int, *, on: bool, session_time: str, checkin_time: str,
                      reason: str) -> PlanMeta:
        for value in (session_time, checkin_time):
            if not re.match(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", value):
                raise ClinicError(_("Please give times as HH:MM, for example 18:00."))
        return self._update_meta(actor, profile_id, "REMINDERS_SET", reason, reminders_on=bool(on),
                                 reminder_time=session_time, checkin_reminder_time=checkin_time)

    def set_thresholds(self, actor: str, profile_id: int, values: dict[str, float], *, reason: str
                       ) -> ClinicalConfig:
        """Change the patient's Appendix B thresholds ([PD], each within its allowed range), in one transaction
        logged with the clinician and the values before and after. Only values that differ from the reference's
        defaults are stored, so a later change of a default reaches every patient who kept it."""
        self._require(actor)
        unknown = sorted(set(values) - set(CLINICIAN_EDITABLE))
        if unknown:
            raise ClinicError(_("These rules cannot be changed here: {names}.").format(names=", ".join(unknown)))
        for name, value in values.items():
            low, high = ClinicalConfig.allowed_range(name) or (value, value)
            whole = isinstance(getattr(DEFAULT_CONFIG, name), int)
            if not low <= value <= high or (whole and value != int(value)):
                raise ClinicError(_("{name} can be set from {low} to {high}.").format(
                    name=name, low=f"{low:g}", high=f"{high:g}"))
        with self.db.session_scope() as session:
            profile = self._profile(session, profile_id)
            try:
                current = ClinicalConfig.from_dict(dict(profile.config or {}))
            except (ValueError, TypeError) as exc:  # never overwrite stored values that cannot be read
                raise ClinicError(_("This patient's stored rules cannot be read, so they were not changed. "
                                    "Please contact support.")) from exc
            try:
                updated = current.with_changes(**{k: type(getattr(DEFAULT_CONFIG, k))(v) for k, v in values.items()})
            except ValueError as exc:
                raise ClinicError(_("These rules do not fit together: {problem}.").format(problem=exc)) from exc
            defaults = DEFAULT_CONFIG.to_dict()
            changed = {k for k, v in updated.to_dict().items() if v != current.to_dict()[k]}
            if not changed:
                return current
            profile.config = {k: v for k, v in updated.to_dict().items() if v != defaults[k]}
            session.add(profile)
            session.add(self._event(profile_id, actor, "THRESHOLDS_SET", reason, {
                "before": {k: current.to_dict()[k] for k in sorted(changed)},
                "after": {k: updated.to_dict()[k] for k in sorted(changed)}}))
        log.info("clinician %s: THRESHOLDS_SET on profile %s", actor, profile_id)
        return updated

    def set_progress_approval(self, actor: str, profile_id: int, on: bool, *, reason: str) -> PlanMeta:
        """Ref 8.5 [PD]: moves up wait for a clinician's OK (the app still holds and steps down by itself)."""
        return self._update_meta(actor, profile_id, "PROGRESS_APPROVAL_SET", reason, progress_needs_approval=bool(on))

    def proposals(self, profile_id: int) -> list[Proposal]:
        """Moves up waiting for an OK: per chain the newest proposal, unanswered, from the chain's current level and
        step. A proposal lapses when a later session decided anything else for the chain (a hold for pain, a step
        down, a pause), when the plan moved (a clinician's change), or when approval or auto-progression is off."""
        with self.db.session_scope() as session:
            return self._proposals(session, profile_id)

    def _proposals(self, session: Any, profile_id: int) -> list[Proposal]:
        library = self.library
        meta = load_plan_meta(self._profile(session, profile_id).plan_meta)
        if not (meta.auto_progression and meta.progress_needs_approval):
            return []
        rows = {r.chain: r for r in session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id))}
        # The newest engine decision per chain that was not a move up held for approval.
        last_other: dict[str, int] = {}
        for e in session.exec(select(Event).where(Event.profile_id == profile_id,
                                                  col(Event.kind).in_(("decision", "hold")))):
            if e.chain and e.id is not None and AWAITING_APPROVAL not in (e.reasons or []):
                last_other[e.chain] = max(last_other.get(e.chain, 0), e.id)
        answered = {int(e.payload.get("proposal_id", 0)) for e in session.exec(select(Event).where(
            Event.profile_id == profile_id, Event.kind == "clinician_action"))
            if e.reasons and str(e.reasons[0]) in ("PROGRESSION_APPROVED", "PROGRESSION_DECLINED")}
        newest: dict[str, Event] = {}
        for e in session.exec(select(Event).where(Event.profile_id == profile_id,
                                                  Event.kind == "progression_proposed").order_by(col(Event.id))):
            if e.chain:
                newest[e.chain] = e
        out = []
        for chain, e in newest.items():
            row, p = rows.get(chain), e.payload
            if e.id is None or e.id in answered or row is None or row.locked or not row.included:
                continue
            if last_other.get(chain, 0) > e.id:
                continue  # a later session decided something else for this chain
            if (row.level, row.step) != (p.get("from_level"), p.get("from_step")):
                continue
            to_id = str(p.get("to_exercise_id") or row.exercise_id)
            names = {x: (library.exercises[x].name if x in library.exercises else x) for x in (row.exercise_id, to_id)}
            out.append(Proposal(
                id=e.id, day=e.day, chain=chain,
                chain_name=library.chains[Chain(chain)].name if Chain(chain) in library.chains else chain,
                from_name=names[row.exercise_id], to_name=names[to_id], from_level=row.level, from_step=row.step,
                to_level=int(p["to_level"]), to_step=int(p["to_step"]), to_exercise_id=to_id,
                reasons=tuple(e.reasons)))
        return sorted(out, key=lambda x: x.chain)

    def answer_proposal(self, actor: str, profile_id: int, proposal_id: int, *, approve: bool, reason: str) -> None:
        """Approve (the chain moves up now, as the engine proposed) or decline a pending move up; logged."""
        self._require(actor)
        now, today = stamp(self.clock), self.clock.now().date().isoformat()
        with self.db.session_scope() as session:
            pending = {p.id: p for p in self._proposals(session, profile_id)}
            proposal = pending.get(proposal_id)
            if proposal is None:
                raise ClinicError(_("This move up is no longer waiting: the plan has changed since."))
            code = "PROGRESSION_APPROVED" if approve else "PROGRESSION_DECLINED"
            if approve:  # as the engine's own move up would (core.progression.apply)
                row = session.exec(select(PlanChain).where(PlanChain.profile_id == profile_id,
                                                           PlanChain.chain == proposal.chain)).one()
                row.exercise_id, row.level, row.step = proposal.to_exercise_id, proposal.to_level, proposal.to_step
                row.since_day = today
                row.last_progressed_day = today
                row.maintenance = False
                row.deload_restore = None
                row.paused_until = None
                row.updated_at = now
                session.add(row)
                # The move in the decision history, so the Progress page and the report show it.
                session.add(Event(profile_id=profile_id, at=now, day=today, kind="decision", chain=proposal.chain,
                                  exercise_id=proposal.to_exercise_id,
                                  reasons=[*proposal.reasons, CLINICIAN_APPROVED], actor=f"clinician:{actor}",
                                  payload={"action": "PROGRESS", "from_level": proposal.from_level,
                                           "from_step": proposal.from_step, "to_level": proposal.to_level,
                                           "to_step": proposal.to_step, "to_exercise_id": proposal.to_exercise_id,
                                           "dose_before": None, "dose_after": None, "params": {},
                                           "proposal_id": proposal.id}))
            session.add(self._event(profile_id, actor, code, reason, {
                "proposal_id": proposal.id, "from": [proposal.from_level, proposal.from_step],
                "to": [proposal.to_level, proposal.to_step], "to_exercise_id": proposal.to_exercise_id},
                chain=proposal.chain, exercise_id=proposal.to_exercise_id))
        log.info("clinician %s: %s on profile %s", actor, code, profile_id)

    def clear_red_flag(self, actor: str, profile_id: int, *, note: str) -> int:
        """Clear an open EMERGENCY/CLINICIAN_SOON pause after assessment (ref 1.1); returns screens cleared."""
        self._require(actor)
        text = note.strip()
        if not text:
            raise ClinicError(_("Please note the assessment that allows exercise to restart."))
        now = stamp(self.clock)
        with self.db.session_scope() as session:
            self._profile(session, profile_id)
            screens = session.exec(select(Screening).where(
                Screening.profile_id == profile_id, col(Screening.cleared_at).is_(None),
                col(Screening.tier).in_(LOCKING_TIERS))).all()
            if not screens:
                raise ClinicError(_("There is no red-flag pause to clear."))
            for s in screens:
                s.cleared_at, s.cleared_by, s.cleared_note = now, f"clinician:{actor}", text[:1000]
                session.add(s)
            session.add(self._event(profile_id, actor, "REDFLAG_CLEARED", text,
                                    {"screenings": [s.id for s in screens], "tiers": sorted({s.tier for s in screens}),
                                     "cleared_at": now}))
        log.info("clinician %s cleared %s red-flag screen(s) on profile %s", actor, len(screens), profile_id)
        return len(screens)

    # -- instrument packs ----------------------------------------------------------------------------------------
    def import_pack(self, actor: str, path: Path) -> PackSummary:
        """Check a licensed instrument pack and copy it where the assessment finds it."""
        from backtrainer.content.instruments import MAX_PACK_CHARS, InstrumentPackError, parse_instrument_pack
        from backtrainer.files import write_private

        self._require(actor)
        limit = MAX_PACK_CHARS  # bytes on disk: a pack over it is refused whole, never cut short (issue 17)
        try:
            size = os.stat(path).st_size
            if size > limit:
                raise ClinicError(_("This instrument pack is too large ({size} KB); a pack is at most {limit} KB. "
                                    "Nothing was imported.").format(size=(size + 1023) // 1024, limit=limit // 1024))
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
            if len(data) > limit:  # it grew while being read
                raise ClinicError(_("This instrument pack is too large ({size} KB); a pack is at most {limit} KB. "
                                    "Nothing was imported.").format(size=(len(data) + 1023) // 1024,
                                                                    limit=limit // 1024))
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise ClinicError(_("This is not an instrument pack (it is not text).")) from None
        except OSError as exc:
            raise ClinicError(_("The file could not be read ({problem}).").format(problem=type(exc).__name__)) from None
        try:
            pack = parse_instrument_pack(text)
        except InstrumentPackError as exc:
            raise ClinicError(_("This instrument pack cannot be used: {problem}").format(problem=exc)) from None
        if pack.test_fixture and not self.allow_test_packs:
            raise ClinicError(_("This is a test pack with placeholder text, not a licensed pack; it was not imported."))
        folder = self.paths.root / PACKS_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            folder.chmod(0o700)
        target = folder / f"{'test-' if pack.test_fixture else ''}{pack.pack_id}.toml"
        write_private(target, text.encode("utf-8"))
        ids = tuple(i.id for i in pack.instruments)
        self._audit("pack_imported", actor, pack=pack.pack_id, instruments=list(ids))
        log.info("clinician %s imported instrument pack %s (%s)", actor, pack.pack_id, ",".join(ids))
        return PackSummary(pack.pack_id, pack.licence_holder, ids, target)

    # -- end of loan ---------------------------------------------------------------------------------------------
    def _damaged_files(self) -> list[Path]:
        folder = self.paths.damaged
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(("-wal", "-shm")))

    def _drafts(self, profile_id: int) -> list[Path]:
        out = []
        for p in self.paths.root.iterdir():
            m = DRAFT_PATTERN.match(p.name)
            if m and int(m.group(1)) == profile_id and p.is_file():
                out.append(p)
        return sorted(out)

    def describe_wipe(self, profile_id: int) -> WipePlan:
        """Exactly what :meth:`wipe_profile` will delete."""
        with self.db.session_scope() as session:
            profile = self._profile(session, profile_id)
            nickname = profile.nickname

            def count(model: Any) -> int:
                return int(session.exec(select(func.count()).select_from(model)
                                        .where(model.profile_id == profile_id)).one())

            session_ids = select(SessionRow.id).where(SessionRow.profile_id == profile_id)
            results = int(session.exec(select(func.count()).select_from(ExerciseResult)
                                       .where(col(ExerciseResult.session_id).in_(session_ids))).one())
            counts = {
                "sessions": count(SessionRow), "exercise_results": results, "checkins": count(Checkin),
                "questionnaires": count(QuestionnaireResponse), "body_maps": count(BodyMapRecord),
                "screenings": count(Screening), "movement_tests": count(MovementTestResult),
                "plan_chains": count(PlanChain), "events": count(Event),
            }
        held = tuple(b.path for b in backups.list_backups(self.paths.backups) if _holds_profile(b.path, profile_id))
        damaged = tuple(p for p in self._damaged_files() if _holds_profile(p, profile_id, unknown=True))
        pictures = tuple(old_chart_files(self.paths.root, profile_id))
        return WipePlan(profile_id, nickname, counts, held, damaged, tuple(self._drafts(profile_id)),
                        tuple(self._old_exports(nickname)), pictures)

    def _old_exports(self, nickname: str) -> list[Path]:
        """Exports of this patient in the data dir's exports folder, however they were named: the clinic's dated
        JSON files, and the command line's JSON files, PDF reports (their title names the patient) and CSV folders
        (all table files of a folder whose profile.csv is this patient's). Issue 17 item 12."""
        folder = self.paths.exports
        if not folder.is_dir():
            return []
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in nickname).strip("-")[:40]
        found: list[Path] = []
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            if (safe and f"-{safe}-" in path.name) or _export_of(path, nickname):
                found.append(path)
                if path.name == "profile.csv":
                    found += [p for p in sorted(path.parent.iterdir())
                              if p.is_file() and p.name in _CSV_NAMES and p != path]
        return sorted(set(found))

    def wipe_profile(self, actor: str, profile_id: int, *, confirm_nickname: str,
                     keep: Sequence[Path] = ()) -> WipeReport:
        """Delete the profile everywhere in the data dir, then check that nothing of it is left.

        ``confirm_nickname`` must equal the profile's nickname (the clinician typed it). ``keep`` names files the
        check leaves out (the export just written, when the clinician saved it inside the data dir).
        """
        self._require(actor)
        plan = self.describe_wipe(profile_id)
        if confirm_nickname.strip() != plan.nickname:
            raise ClinicError(_("The name typed does not match the patient's name, so nothing was deleted."))
        with self.db.session_scope() as session:
            session.exec(delete(Profile).where(col(Profile.id) == profile_id))
        _vacuum_live(self.paths.db)
        cleaned = 0
        for path in plan.backups:
            _purge_file(path, profile_id)
            cleaned += 1
        damaged_cleaned = 0
        for path in plan.damaged:
            if _purge_file(path, profile_id, tolerate=True):
                damaged_cleaned += 1
        kept = {Path(p).resolve() for p in keep}
        for file in (*plan.drafts, *plan.exports):
            if file.resolve() not in kept:
                file.unlink(missing_ok=True)
        for parent in sorted({f.parent for f in plan.exports}, key=lambda p: len(p.parts), reverse=True):
            if parent != self.paths.exports:
                with contextlib.suppress(OSError):
                    parent.rmdir()  # a CSV export folder left empty
        remove_old_charts(self.paths.root, profile_id)
        check = self.verify_wiped(profile_id, plan.nickname, keep=keep, gone=plan.exports)
        self._audit("profile_wiped", actor, profile=profile_id, counts=plan.counts, backups=cleaned,
                    damaged=damaged_cleaned, drafts=len(plan.drafts), exports=len(plan.exports), clean=check.clean)
        log.info("clinician %s wiped profile %s (backups %s, clean %s)", actor, profile_id, cleaned, check.clean)
        return WipeReport(profile_id, plan.counts, cleaned, damaged_cleaned, len(plan.drafts), check)

    def verify_wiped(self, profile_id: int, nickname: str, *, keep: Sequence[Path] = (),
                     gone: Sequence[Path] = ()) -> WipeCheck:
        """No row with ``profile_id`` in the database, the backups or the damaged copies; ``nickname`` in no file;
        none of the ``gone`` files (the exports the wipe deleted) and no other export of the patient left."""
        rows: dict[str, int] = {}
        unreadable: list[Path] = []
        databases = [self.paths.db, *(b.path for b in backups.list_backups(self.paths.backups)),
                     *self._damaged_files()]
        for path in databases:
            try:
                for table, n in _rows_of(path, profile_id).items():
                    rows[f"{path.name}:{table}"] = n
            except sqlite3.DatabaseError:
                unreadable.append(path)
        kept = {Path(p).resolve() for p in keep}
        needles = _needles(nickname)
        hits: list[Path] = []
        checked = 0
        for path in sorted(self.paths.root.rglob("*")):
            rel = path.relative_to(self.paths.root)
            if not path.is_file() or (rel.parts and rel.parts[0] in SCAN_SKIP) or path.resolve() in kept:
                continue
            checked += 1
            if nickname in path.name or _file_contains(path, needles):
                hits.append(path)
        # Chart pictures hold no name (pixels, compressed) but are this patient's: none may be left either.
        hits += [p for p in old_chart_files(self.paths.root, profile_id) if p not in hits]
        # Exports: a CSV table file holds no name either; whatever the wipe listed must be gone.
        left = [p for p in (*gone, *self._old_exports(nickname)) if p.exists() and p.resolve() not in kept]
        hits += [p for p in left if p not in hits]
        return WipeCheck(rows, tuple(hits), tuple(unreadable), checked)

    def export_then_wipe(self, actor: str, profile_id: int, out_dir: Path, *, confirm_nickname: str) -> WipeReport:
        """Export the profile (JSON, services.exchange) to ``out_dir`` first; wipe only when the export worked."""
        self._require(actor)
        plan = self.describe_wipe(profile_id)
        if confirm_nickname.strip() != plan.nickname:
            raise ClinicError(_("The name typed does not match the patient's name, so nothing was exported or "
                                "deleted."))
        try:
            exported = self._export(profile_id, Path(out_dir))
        except Exception as exc:
            log.warning("export before wipe failed for profile %s (%s)", profile_id, type(exc).__name__)
            raise ClinicError(_("The export did not work, so nothing was deleted. ({problem}) Choose another folder or "
                                "drive and try again.").format(problem=type(exc).__name__)) from exc
        if not exported.is_file() or exported.stat().st_size == 0:
            raise ClinicError(_("The export file is missing or empty, so nothing was deleted."))
        report = self.wipe_profile(actor, profile_id, confirm_nickname=confirm_nickname, keep=[exported])
        return WipeReport(report.profile_id, report.counts, report.backups_cleaned, report.damaged_cleaned,
                          report.drafts_removed, report.check, exported)

    def _export(self, profile_id: int, out_dir: Path) -> Path:
        from backtrainer.services import exchange

        path = Path(exchange.export_profile_json(self.db, profile_id, out_dir, clock=self.clock))
        if os.name == "posix" and path.is_file():
            path.chmod(0o600)  # health data: user-only
        return path


# ---------------------------------------------------------------------------------------------------------------
# SQLite helpers for the wipe (plain sqlite3: backups may have an older schema)
# ---------------------------------------------------------------------------------------------------------------
def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=10)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA secure_delete=ON")
    return con


def _tables(con: sqlite3.Connection) -> dict[str, set[str]]:
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {n: {r[1] for r in con.execute(f'PRAGMA table_info("{n}")')} for n in names}


# Child tables reached through a parent that carries profile_id.
_CHILDREN = (("exercise_result", "session_id", "session"), ("body_map_region", "body_map_id", "body_map"))


def _rows_of(path: Path, profile_id: int) -> dict[str, int]:
    """Rows that belong to ``profile_id`` in one database file, per table (only tables with rows)."""
    con = connect_read_only(path)
    try:
        tables = _tables(con)
        out: dict[str, int] = {}
        for name, columns in tables.items():
            if name == "profile":
                n = con.execute("SELECT count(*) FROM profile WHERE id=?", (profile_id,)).fetchone()[0]
            elif "profile_id" in columns:
                n = con.execute(f'SELECT count(*) FROM "{name}" WHERE profile_id=?', (profile_id,)).fetchone()[0]
            else:
                n = 0
            if n:
                out[name] = int(n)
        for child, fk, parent in _CHILDREN:
            if child in tables and parent in tables:
                n = con.execute(f'SELECT count(*) FROM "{child}" WHERE {fk} IN '
                                f'(SELECT id FROM "{parent}" WHERE profile_id=?)', (profile_id,)).fetchone()[0]
                if n:
                    out[child] = int(n)
        return out
    finally:
        con.close()


def _holds_profile(path: Path, profile_id: int, *, unknown: bool = False) -> bool:
    try:
        return bool(_rows_of(path, profile_id))
    except sqlite3.DatabaseError:
        return unknown


def _purge_file(path: Path, profile_id: int, *, tolerate: bool = False) -> bool:
    """Delete the profile's rows from one database file and VACUUM it; keep its name and modification time."""
    try:
        stat = path.stat()
        con = _connect(path)
        try:
            tables = _tables(con)
            con.execute("BEGIN IMMEDIATE")
            for child, fk, parent in _CHILDREN:
                if child in tables and parent in tables:
                    con.execute(f'DELETE FROM "{child}" WHERE {fk} IN (SELECT id FROM "{parent}" WHERE profile_id=?)',
                                (profile_id,))
            for name, columns in tables.items():
                if name != "profile" and "profile_id" in columns:
                    con.execute(f'DELETE FROM "{name}" WHERE profile_id=?', (profile_id,))
            if "profile" in tables:
                con.execute("DELETE FROM profile WHERE id=?", (profile_id,))
            con.execute("COMMIT")
            con.execute("VACUUM")
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() == "wal":
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        with contextlib.suppress(OSError):
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return True
    except sqlite3.DatabaseError:
        if tolerate:
            log.warning("could not clean a damaged copy (%s)", path.name)
            return False
        raise


def _vacuum_live(db_path: Path) -> None:
    """Rebuild the live database so deleted pages are gone, then empty the WAL into it."""
    con = _connect(db_path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _needles(nickname: str) -> tuple[bytes, ...]:
    """The nickname as it could appear in a file: UTF-8, JSON-escaped and UTF-16 (both byte orders: a PDF title)."""
    forms = {nickname.encode("utf-8"), json.dumps(nickname)[1:-1].encode("ascii"),
             nickname.encode("utf-16-le"), nickname.encode("utf-16-be")}
    return tuple(f for f in forms if f)


_CSV_NAMES = frozenset({"profile.csv", "screening.csv", "body_map.csv", "body_map_region.csv",
                        "questionnaire_response.csv", "movement_test.csv", "plan_chain.csv", "session.csv",
                        "exercise_result.csv", "checkin.csv", "event.csv"})  # services.exchange.CSV_TABLES
_PDF_TITLE = re.compile(rb"/Title \(((?:\\.|[^\\)])*)\)", re.DOTALL)
_PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _pdf_title(path: Path) -> str | None:
    """The /Title of a PDF (BackTrainer writes it uncompressed, near the end: "...report: <nickname>")."""
    try:
        with open(path, "rb") as fh:
            if fh.read(5) != b"%PDF-":
                return None
            fh.seek(max(0, path.stat().st_size - 64 * 1024))
            tail = fh.read()
    except OSError:
        return None
    matches = list(_PDF_TITLE.finditer(tail))
    if not matches:
        return None
    match = matches[-1]
    raw = re.sub(rb"\\(.)", lambda m: _PDF_ESCAPES.get(m.group(1), m.group(1)), match.group(1), flags=re.DOTALL)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _export_of(path: Path, nickname: str) -> bool:
    """Whether one file in the exports folder is an export of the patient called ``nickname``."""
    if path.suffix == ".json" and path.stat().st_size < 64 * 1024 * 1024:
        data = _read_json(path)
        profile = data.get("profile") if isinstance(data, dict) else None
        return isinstance(profile, dict) and profile.get("nickname") == nickname
    if path.suffix == ".pdf":
        title = _pdf_title(path)
        return title is not None and title.endswith(": " + nickname)
    if path.name == "profile.csv":
        import csv

        try:
            with open(path, newline="", encoding="utf-8") as fh:
                return any(row.get("nickname") == nickname for row in csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error):
            return False
    return False


def _file_contains(path: Path, needles: Sequence[bytes]) -> bool:
    overlap = max(len(n) for n in needles) - 1
    tail = b""
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                window = tail + chunk
                if any(n in window for n in needles):
                    return True
                tail = window[-overlap:] if overlap > 0 else b""
    except OSError:
        return True  # unreadable: cannot prove it is clean
    return False


__all__ = [
    "AUDIT_FILE", "ChainChange", "ChainView", "ClinicError", "ClinicService", "ClinicStatus", "ClinicianInfo",
    "OpenScreen", "PackSummary", "PatientDetail", "PatientSummary", "PinLockedError", "WipeCheck", "WipePlan",
    "WipeReport", "WrongPinError",
]
