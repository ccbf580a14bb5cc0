"""Small files the app writes whole (settings, drafts, PIN lock-outs, hand-off files, autostart entries).

Qt-free. Every such file is written the same way, so none is ever left half-written or readable by others.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, data: bytes, *, sync: bool = True, make_folder: bool = True) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, fsync, then rename; user-only
    (0600) on POSIX. The folder is created when missing; on any failure the temporary file is removed and the old
    file, if any, stays as it was. ``sync=False`` skips the fsync (a cache file that is only made again if lost);
    ``make_folder=False`` writes only into an existing folder (FileNotFoundError otherwise)."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".backtrainer-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
