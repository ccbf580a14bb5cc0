"""Reads a running app's accessibility tree from outside its process, as a screen reader does (issue 16).

Run by ``tests/ui/test_screen_reader.py`` under the system ``/usr/bin/python3``: Debian's ``python3-pyatspi``
imports only there, not in the project's venv. Each call prints one JSON object on stdout.

    atspi_reader.py APP tree                  the showing controls of APP's window
    atspi_reader.py APP press WHICH           doAction ("Press", else the first action) on the control WHICH
    atspi_reader.py APP type WHICH TEXT       focus WHICH and type TEXT through AT-SPI key events
    atspi_reader.py APP keys WHICH KEY...     focus WHICH and press keys by X name (Down, Return, Tab)
    atspi_reader.py APP wait WHICH SECONDS    until a showing control WHICH appears

WHICH is a JSON object of fields a control must match, e.g. ``{"role": "push button", "name": "Next"}`` (fields:
role, name, description), and exactly one showing control must match it.

Only controls that are showing (on screen, not hidden) are listed, so the tree is what a screen reader would read
on the current page. This file never imports the app: it is not a test module (no ``test_`` prefix) and pytest
does not collect it.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]  # Debian python3-pyatspi, system Python only

# Roles that are only containers or decoration: a screen reader passes through them, so they need no name.
CONTAINERS = {"application", "frame", "filler", "panel", "layered pane", "scroll pane", "viewport",
              "scroll bar", "separator", "section", "grouping", "page tab list", "tool bar", "status bar"}

KEYSYMS = {"Down": 0xFF54, "Up": 0xFF52, "Return": 0xFF0D, "Tab": 0xFF09, "space": 0x20}


def _app(name: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        if time.monotonic() > deadline:
            raise SystemExit(json.dumps({"error": f"no application named {name!r} on the AT-SPI bus"}))
        time.sleep(0.2)


def _nodes(acc: Any, out: list[dict[str, Any]], objects: list[Any]) -> None:
    try:
        states = acc.getState()
        if not states.contains(pyatspi.STATE_SHOWING) and acc.getRoleName() != "application":
            return
        role = acc.getRoleName()
        actions: list[str] = []
        try:
            action = acc.queryAction()
            actions = [action.getName(i) for i in range(action.nActions)]
        except NotImplementedError:
            pass
        text = None
        try:
            t = acc.queryText()
            text = t.getText(0, t.characterCount)
        except NotImplementedError:
            pass
        labelled_by = [target.name for relation in acc.getRelationSet()
                       if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
                       for target in (relation.getTarget(i) for i in range(relation.getNTargets()))]
        out.append({
            "role": role, "labelled_by": labelled_by, "name": acc.name or "", "description": acc.description or "",
            "text": text,
            "actions": actions,
            "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
            "focused": states.contains(pyatspi.STATE_FOCUSED),
            "checked": states.contains(pyatspi.STATE_CHECKED),
            "enabled": states.contains(pyatspi.STATE_ENABLED),
            "container": role in CONTAINERS,
        })
        objects.append(acc)
        for i in range(acc.childCount):
            child = acc.getChildAtIndex(i)
            if child is not None:
                _nodes(child, out, objects)
    except Exception as exc:  # a control that went away while being read (the page changed)
        out.append({"role": "error", "name": str(exc)})


def _tree(app: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    out: list[dict[str, Any]] = []
    objects: list[Any] = []
    _nodes(app, out, objects)
    return out, objects


def _matches(node: dict[str, Any], which: dict[str, str]) -> bool:
    return all(node.get(key) == value for key, value in which.items())


def _find(app: Any, which: dict[str, str]) -> Any:
    nodes, objects = _tree(app)
    hits = [o for n, o in zip(nodes, objects, strict=False) if _matches(n, which)]
    if len(hits) != 1:
        raise SystemExit(json.dumps({"error": f"{len(hits)} showing controls match {which}"}))
    return hits[0]


def main(argv: list[str]) -> None:
    app = _app(argv[0])
    command = argv[1]
    if command == "tree":
        nodes, _objects = _tree(app)
        print(json.dumps({"nodes": nodes}))
    elif command == "press":
        target = _find(app, json.loads(argv[2]))
        action = target.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        index = names.index("Press") if "Press" in names else 0
        print(json.dumps({"done": bool(action.doAction(index)), "action": names[index]}))
    elif command == "type":
        target = _find(app, json.loads(argv[2]))
        target.queryComponent().grabFocus()
        time.sleep(0.3)
        for ch in argv[3]:
            pyatspi.Registry.generateKeyboardEvent(ord(ch), None, pyatspi.KEY_SYM)
            time.sleep(0.05)
        time.sleep(0.3)
        t = target.queryText()
        print(json.dumps({"text": t.getText(0, t.characterCount)}))
    elif command == "keys":
        target = _find(app, json.loads(argv[2]))
        target.queryComponent().grabFocus()
        time.sleep(0.3)
        for key in argv[3:]:
            pyatspi.Registry.generateKeyboardEvent(KEYSYMS[key], None, pyatspi.KEY_SYM)
            time.sleep(0.1)
        time.sleep(0.3)
        print(json.dumps({"name": target.name}))
    elif command == "wait":
        which = json.loads(argv[2])
        deadline = time.monotonic() + float(argv[3])
        while True:
            nodes, _objects = _tree(app)
            if any(_matches(n, which) for n in nodes):
                print(json.dumps({"found": True}))
                return
            if time.monotonic() > deadline:
                print(json.dumps({"found": False, "nodes": nodes}))
                return
            time.sleep(0.3)
    else:
        raise SystemExit(json.dumps({"error": f"unknown command {command!r}"}))


if __name__ == "__main__":
    main(sys.argv[1:])
