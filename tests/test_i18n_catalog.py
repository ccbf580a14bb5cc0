"""The Spanish interface catalogue: every marked string translated, same placeholders, compiled file current."""

from __future__ import annotations

from datetime import date

from backtrainer import i18n
from tools import i18n as tool


def test_every_interface_string_has_spanish() -> None:
    found = list(tool.problems("es"))
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} problems; run `python -m tools.i18n missing`)"


def test_compiled_catalogue_is_current() -> None:
    assert tool.mo_path("es").read_bytes() == tool.compile_mo("es"), "run `python -m tools.i18n compile`"


def test_spanish_is_used_when_chosen() -> None:
    try:
        i18n.set_language("es")
        assert i18n.long_date(date(2026, 11, 25)) == "miércoles, 25 de noviembre de 2026"
        assert i18n.short_date(date(2026, 3, 9)) == "9 de marzo"
    finally:
        i18n.set_language("en")
    assert i18n.long_date(date(2026, 11, 25)) == "Wednesday 25 November 2026"
