"""Automatic backups with SQLite's online backup API, and their thinning policy.

The thinning rule is a pure function (``thin``) so it is tested without files, after Anki's backup policy
(style.md 2: "skip when a recent backup exists, thin to N daily/weekly/monthly").
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from backtrainer.store.reading import read_only_uri

BACKUP_PREFIX = "backtrainer-"
BACKUP_SUFFIX = ".sqlite3"
_NAME_RE = re.compile(r"^backtrainer-(\d{8}-\d{6})(?:-[a-z0-9_]+)?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """How many backups to keep: the newest per day, per ISO week and per month."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    min_interval: timedelta = timedelta(days=1)


DEFAULT_POLICY = BackupPolicy()


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime


def thin(stamps: Sequence[datetime], policy: BackupPolicy = DEFAULT_POLICY) -> set[datetime]:
    """Return the backup times to keep.

    Walking from newest to oldest, keep the newest backup of each of the ``daily`` most recent days, then of the
    next ``weekly`` ISO weeks not yet covered, then of the next ``monthly`` months not yet covered. The newest
    backup is always kept.
    """
    ordered = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    n_daily = n_weekly = n_monthly = 0
    for stamp in ordered:
        day, week, month = stamp.date(), tuple(stamp.isocalendar()[:2]), (stamp.year, stamp.month)
        if day in days:
            continue
        if n_daily < policy.daily:
            n_daily += 1
        elif week in weeks:
            continue
        elif n_weekly < policy.weekly:
            n_weekly += 1
        elif month in months:
            continue
        elif n_monthly < policy.monthly:
            n_monthly += 1
        else:
            continue
        keep.add(stamp)
        days.add(day)
        weeks.add((week[0], week[1]))
        months.add(month)
    return keep


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in ``folder``, newest first."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = _NAME_RE.match(entry.name)
        if match and entry.is_file():
            found.append(BackupFile(entry, datetime.strptime(match.group(1), _STAMP)))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backup_due(folder: Path, now: datetime, policy: BackupPolicy = DEFAULT_POLICY) -> bool:
    backups = list_backups(folder)
    if not backups:
        return True
    newest = backups[0].taken_at
    # A clock set back makes "newest" lie in the future: take a fresh backup rather than trust it.
    return newest > now or now - newest >= policy.min_interval


def create_backup(db_path: Path, folder: Path, now: datetime, tag: str = "") -> Path:
    """Copy the live database with the online backup API (consistent even while WAL is in use)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{BACKUP_PREFIX}{now.strftime(_STAMP)}{'-' + tag if tag else ''}{BACKUP_SUFFIX}"
    target = folder / name
    partial = target.with_suffix(".partial")
    try:
        src = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if os.name == "posix":
            partial.chmod(0o600)
        os.replace(partial, target)
    except BaseException:
        # A full disk stops the copy half-way: drop the unfinished copy (never a backup; older backups stay).
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def apply_thinning(folder: Path, policy: BackupPolicy = DEFAULT_POLICY) -> list[Path]:
    """Delete backups the policy does not keep; return the deleted paths."""
    backups = list_backups(folder)
    keep = thin([b.taken_at for b in backups], policy)
    removed: list[Path] = []
    for backup in backups:
        if backup.taken_at not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def is_healthy(path: Path) -> bool:
    """True when ``path`` is a readable SQLite database that passes ``PRAGMA quick_check``."""
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return False
    try:
        row = con.execute("PRAGMA quick_check").fetchone()
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(row) and row[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def newest_healthy(folder: Path, candidates: Iterable[BackupFile] | None = None) -> BackupFile | None:
    for backup in candidates if candidates is not None else list_backups(folder):
        if is_healthy(backup.path):
            return backup
    return None
