"""No network, ever: the app's start runs under an audit hook that fails on any socket use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GUARD = r'''
import sys

def _guard(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        sys.stderr.write(f"NETWORK ACCESS: {event} {args!r}\n")
        sys.stderr.flush()
        import os
        os._exit(97)

sys.addaudithook(_guard)
'''


def run_guarded(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", GUARD + code], capture_output=True, text=True, env=env,
                          timeout=120, cwd=tmp_path)


def test_guard_catches_sockets(tmp_path: Path) -> None:
    result = run_guarded("import socket\nsocket.socket()\n", tmp_path)
    assert result.returncode == 97
    assert "NETWORK ACCESS" in result.stderr


def test_app_start_opens_no_socket(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from backtrainer.__main__ import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path / 'd')!r}, '--exit-after-paint']))\n"
    )
    result = run_guarded(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "NETWORK ACCESS" not in result.stderr
