"""A screen reader can use the first steps (issue 16): the real app, started as its own process on a virtual X
screen with Qt's AT-SPI bridge on, is read and driven from OUTSIDE the process through the AT-SPI bus, as Orca does.

How it runs: the test starts Xvfb (display :8, else the next free one), a private D-Bus session bus and the AT-SPI
bus launcher, then ``python -m backtrainer`` with ``QT_QPA_PLATFORM=xcb`` and ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``.
The offscreen platform does not register with AT-SPI (tried: the app never appears on the bus), so a real X display
is needed. ``tests/ui/atspi_reader.py`` runs under the system ``/usr/bin/python3`` (Debian's python3-pyatspi does
not import in the venv) and prints the tree as JSON; it also presses buttons through the AT-SPI action interface
(doAction) and types through AT-SPI key events.

Needs the Debian packages xvfb, dbus, at-spi2-core, python3-pyatspi (``make sysdeps`` tries to install them and goes
on when it cannot); without them the test is skipped and says which one is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

READER = Path(__file__).with_name("atspi_reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
# Roles a person acts on: each must carry a name a screen reader can say.
CONTROL_ROLES = {"push button", "toggle button", "check box", "radio button", "text", "password text", "combo box",
                 "list", "list item", "spin button", "slider", "scroll bar", "progress bar", "menu item", "page tab",
                 "table cell", "entry"}


def _missing() -> str | None:
    """Why the test cannot run here (a Debian package not installed), or None."""
    for program, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus")):
        if shutil.which(program) is None:
            return f"{program} not found (Debian package {package})"
    if not any(Path(p).exists() for p in BUS_LAUNCHERS):
        return "at-spi-bus-launcher not found (Debian package at-spi2-core)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} not found"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        return f"pyatspi does not import in {SYSTEM_PYTHON} (Debian package python3-pyatspi)"
    return None


def _free_display() -> int:
    for number in range(8, 40):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number between :8 and :39")


class Desktop:
    """Xvfb + a session bus + the AT-SPI bus + the app; ``read`` runs the outside reader."""

    def __init__(self, data_dir: Path) -> None:
        self.processes: list[subprocess.Popen[Any]] = []
        number = _free_display()
        self.env = dict(os.environ, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                        NO_AT_BRIDGE="0")
        self.env.pop("QT_ACCESSIBILITY", None)
        self._start(["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
        deadline = time.monotonic() + 30
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb did not start on :{number}")
            time.sleep(0.1)
        bus = self._start(["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE)
        assert bus.stdout is not None
        self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        launcher = next(p for p in BUS_LAUNCHERS if Path(p).exists())
        self._start([launcher, "--launch-immediately"])
        self._start([sys.executable, "-m", "backtrainer", "--data-dir", str(data_dir)])

    def _start(self, argv: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
        process = subprocess.Popen(argv, env=self.env, stderr=subprocess.DEVNULL,
                                   **({"stdout": subprocess.DEVNULL} | kwargs))
        self.processes.append(process)
        return process

    def read(self, *args: str) -> dict[str, Any]:
        done = subprocess.run([SYSTEM_PYTHON, str(READER), "BackTrainer", *args], env=self.env,
                              capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    def tree(self) -> list[dict[str, Any]]:
        return self.read("tree")["nodes"]

    def press(self, **which: str) -> None:
        assert self.read("press", json.dumps(which))["done"], which

    def wait(self, seconds: float = 30, **which: str) -> None:
        answer = self.read("wait", json.dumps(which), str(seconds))
        assert answer["found"], (which, "; ".join(f"{n['role']} {n['name'][:50]}" for n in answer["nodes"]))

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            if process.stdout is not None:
                process.stdout.close()


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    reason = _missing()
    if reason:
        pytest.skip(f"screen-reader test needs the AT-SPI stack: {reason}")
    d = Desktop(tmp_path / "data")
    try:
        yield d
    finally:
        d.close()


def _controls(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for n in nodes if n["role"] in CONTROL_ROLES or (n["focusable"] and not n["container"])
            or (n["focusable"] and n["container"] and not n["name"])]


def _check_page(nodes: list[dict[str, Any]], expected: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Every expected (role, name) is there and showing; no control a person can reach is nameless."""
    found = [(n["role"], n["name"]) for n in nodes]
    for role, name in expected:
        assert (role, name) in found, f"{role} {name!r} missing from {found}"
    controls = _controls(nodes)
    nameless = [n for n in controls if not n["name"].strip()]
    assert not nameless, nameless
    return controls


@pytest.mark.slow
def test_first_three_steps_through_atspi(desktop: Desktop) -> None:
    from backtrainer.content.screening import load_red_flags
    from backtrainer.ui.pages.assessment.screening import GROUPS

    counts: dict[str, int] = {}
    # Step 1, the notice: read, type a name through AT-SPI key events, press "I understand" with doAction.
    desktop.wait(role="push button", name="I understand", seconds=60)
    notice = desktop.tree()
    counts["notice"] = len(_check_page(notice, [("text", "Your name or nickname"), ("push button", "I understand"),
                                                ("push button", "Exit"), ("filler", "Page content")]))
    typed = desktop.read("type", json.dumps({"role": "text", "name": "Your name or nickname"}), "Sam")
    assert typed["text"] == "Sam"
    desktop.press(role="push button", name="I understand")
    # The next step appears: Today, with the way into the assessment.
    desktop.wait(role="push button", name="Start your assessment")
    # The rail's pages are one of several: radio buttons, the page on show checked, never "check box".
    rail = [n for n in desktop.tree() if n["name"] in ("Today", "Assessment", "Learn", "Progress", "Settings")
            and n["role"] in ("radio button", "check box", "push button", "toggle button")]
    assert {n["role"] for n in rail} == {"radio button"}, rail
    assert [n["name"] for n in rail if n["checked"]] == ["Today"], rail
    desktop.press(role="push button", name="Start your assessment")
    desktop.wait(role="push button", name="Start")
    desktop.press(role="push button", name="Start")

    # Step 2, About you.
    desktop.wait(role="text", name="Your age in years")
    about = desktop.tree()
    answers = [("radio button", n) for n in ("Yes, this is the first time", "No, I have had it before",
                                              "Less than 2 weeks", "More than a year", "Yes", "No",
                                              "No, or I am not sure")]
    controls = _check_page(about, [("text", "Name or nickname"), ("text", "Your age in years"),
                                   ("check box", "I am pregnant"), ("combo box", "Choose your country"),
                                   ("push button", "Back"), ("push button", "Next"), *answers])
    counts["about"] = len(controls)
    combo = next(n for n in about if n["role"] == "combo box")
    assert combo["labelled_by"], "the country drop-down has no label a screen reader can read"
    # Each answer button says which question it answers.
    assert all(n["description"] for n in controls if n["role"] == "radio button")
    desktop.read("type", json.dumps({"role": "text", "name": "Your age in years"}), "44")
    for name, question in (("Yes, this is the first time", "Is this your first episode of back pain?"),
                           ("Less than 2 weeks", "How long has this episode lasted?"),
                           ("Yes", "Can you lie on your front comfortably?"),
                           ("No", "Do you have an elastic exercise band?")):
        desktop.press(role="radio button", name=name, description=question)
    desktop.press(role="combo box", name="Choose your country")
    desktop.wait(role="list item", name="United Kingdom: 999")
    desktop.read("keys", json.dumps({"role": "list", "name": "Country for the emergency number"}), "Down", "Return")
    desktop.wait(role="combo box", name="United Kingdom: 999")
    desktop.press(role="push button", name="Next")

    # Step 3, the first page of safety questions: each question, its three answers, "Why we ask".
    content = load_red_flags()
    first = [content.question(qid).text for qid in GROUPS[0]]
    desktop.wait(role="label", name=first[0])
    safety = desktop.tree()
    expected = [("push button", "Back"), ("push button", "Next")]
    for number, text in enumerate(first, start=1):
        expected += [("label", text), ("check box", f"Why we ask question {number}")]
        expected += [("radio button", a) for a in (content.answers.YES, content.answers.NO, content.answers.NOT_SURE)]
    controls = _check_page(safety, expected)
    counts["safety"] = len(controls)
    for text in first:
        assert sum(1 for n in controls if n["role"] == "radio button" and n["description"] == text) == 3
    # Nothing is chosen for the person: no answer starts checked.
    assert not [n for n in controls if n["role"] == "radio button" and n["checked"] and n["description"] in first]
    assert [n["name"] for n in controls if n["role"] == "radio button" and n["checked"]] == ["Assessment"]  # rail
    print("controls per step:", counts)


def test_screen_reader_toggle_records_the_answer(qtbot: Any) -> None:
    """In process (runs everywhere): an answer button is a radio button to a screen reader, and its "Toggle"
    action (the first one, which Orca uses) records the answer, not just a tick with nothing saved."""
    from PySide6.QtGui import QAccessible

    from backtrainer.ui.pages.assessment.common import ChoiceGroup

    group = ChoiceGroup((("YES", "Yes"), ("NO", "No")), question="Can you lie on your front comfortably?")
    qtbot.addWidget(group)
    group.show()
    said: list[str] = []
    group.changed.connect(said.append)
    iface = QAccessible.queryAccessibleInterface(group.buttons["NO"])
    assert iface.role() == QAccessible.Role.RadioButton
    action = iface.actionInterface()
    action.doAction(action.actionNames()[0])
    assert group.value() == "NO" and said == ["NO"]
    # A real click still says its answer once.
    qtbot.mouseClick(group.buttons["YES"], Qt.MouseButton.LeftButton)
    assert group.value() == "YES" and said == ["NO", "YES"]
