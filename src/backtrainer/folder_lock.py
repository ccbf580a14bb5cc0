"""One BackTrainer per data folder: the app and the ``import`` / ``export`` commands take the same lock.

Qt-free, so the commands take it without loading PySide6. The lock is the operating system's own lock on
``<data>/backtrainer.lock`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows): it goes with the process, so a crash or
a kill never leaves a stale lock, and the file is never deleted (deleting a locked file would let a second holder in).
The file says who holds it (``app`` or ``command``) and the process id, so the other side can say who is busy.
Older versions held a Qt ``QLockFile`` on the same path, which also takes ``flock``: they and this lock exclude each
other.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

APP = "app"
COMMAND = "command"
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; this one lies past the text, which stays readable


class FolderBusy(Exception):
    """Another BackTrainer (``holder``: "app" or "command") has the data folder."""

    def __init__(self, holder: str) -> None:
        super().__init__(f"the data folder is in use by BackTrainer ({holder})")
        self.holder = holder


class FolderLock:
    """``with FolderLock(path, APP):`` or ``lock.acquire()`` / ``lock.release()``."""

    def __init__(self, path: Path, role: str) -> None:
        self.path = path
        self.role = role
        self._fh: Any = None  # the open lock file (unbuffered)

    @property
    def held(self) -> bool:
        return self._fh is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; False (at once) when another process holds it."""
        if self._fh is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fh = os.fdopen(fd, "r+b", buffering=0)  # unbuffered: a full disk fails the write here, never at close
        if not _lock(fh):
            fh.close()
            return False
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"{self.role}\n{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass  # a full disk: the lock holds all the same (only the note of who holds it is missing)
        self._fh = fh
        return True

    def acquire(self, wait_s: float = 0.0, *, on_wait: Callable[[str], None] | None = None,
                poll_s: float = 0.25) -> None:
        """Take the lock, waiting up to ``wait_s`` seconds for its holder to finish; ``on_wait(holder)`` is called
        once, when waiting starts. Raises FolderBusy when it is still held."""
        deadline = time.monotonic() + wait_s
        told = False
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                raise FolderBusy(holder(self.path))
            if not told and on_wait is not None:
                on_wait(holder(self.path))
                told = True
            time.sleep(poll_s)

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            _unlock(fh)
        finally:
            with contextlib.suppress(OSError):
                fh.close()

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def holder(path: Path) -> str:
    """Who holds the lock, as its file says ("app" when unknown: an older version's QLockFile, or no note)."""
    try:
        first = path.read_bytes()[:64].split(b"\n", 1)[0].decode("ascii", "replace").strip()
    except OSError:
        return APP
    return first if first in (APP, COMMAND) else APP


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _lock(fh: IO[bytes]) -> bool:
        fh.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fh.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
