"""The Spanish interface catalogue: every marked string translated, same placeholders, compiled file current, and the
plural rule taken from the parts' Plural-Forms headers (issue 18), not from Babel's locale data."""

from __future__ import annotations

import gettext
import io
from datetime import date
from pathlib import Path

import pytest
from babel.messages import catalog as babel_catalog

from backtrainer import i18n
from tools import i18n as tool

# Babel 2.19's rule for Spanish (CLDR "one", "many", "other"): three forms where the parts write two.
BABEL_2_19_SPANISH = (3, "(n == 1) ? 0 : ((n != 0 && n % 1000000 == 0)) ? 1 : 2")


def _compiled(lang: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(tool.compile_mo(lang)))


def _part(folder: Path, name: str, plural_forms: str | None, body: str = "") -> None:
    header = '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n'
    if plural_forms is not None:
        header += f'"Plural-Forms: {plural_forms}\\n"\n'
    (folder / name).write_text(f'msgid ""\nmsgstr ""\n{header}\n{body}', encoding="utf-8")


@pytest.fixture
def scratch_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty locale/es/parts folder that tools.i18n reads instead of the real one."""
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "LOCALE", tmp_path / "locale")
    folder = tmp_path / "locale" / "es" / "parts"
    folder.mkdir(parents=True)
    return folder


def test_every_interface_string_has_spanish() -> None:
    found = list(tool.problems("es"))
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} problems; run `python -m tools.i18n missing`)"


def test_compiled_catalogue_is_current() -> None:
    assert tool.mo_path("es").read_bytes() == tool.compile_mo("es"), "run `python -m tools.i18n compile`"


def test_spanish_plural_of_1_and_5_in_the_shipped_catalogue() -> None:
    try:
        i18n.set_language("es")
        assert i18n.ngettext("{n} second", "{n} seconds", 1) == "{n} segundo"
        assert i18n.ngettext("{n} second", "{n} seconds", 5) == "{n} segundos"
    finally:
        i18n.set_language("en")


def test_spanish_plurals_survive_a_babel_with_three_spanish_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 18: compiled with Babel 2.19's locale data, 5 seconds came out in English ("{n} seconds").
    monkeypatch.setattr(babel_catalog, "get_plural", lambda _locale: BABEL_2_19_SPANISH)
    spanish = _compiled("es")
    assert spanish.ngettext("{n} second", "{n} seconds", 1) == "{n} segundo"
    assert spanish.ngettext("{n} second", "{n} seconds", 5) == "{n} segundos"
    assert spanish.ngettext("{n} second", "{n} seconds", 0) == "{n} segundos"


def test_the_header_rule_is_the_one_compiled(scratch_locale: Path) -> None:
    rule = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    _part(scratch_locale, "a.po", rule, 'msgid "{n} day"\nmsgid_plural "{n} days"\n'
          'msgstr[0] "one {n}"\nmsgstr[1] "two {n}"\nmsgstr[2] "many {n}"\n')
    _part(scratch_locale, "b.po", rule)
    compiled = _compiled("es")
    assert [compiled.ngettext("{n} day", "{n} days", n) for n in (1, 2, 5)] == ["one {n}", "two {n}", "many {n}"]


def test_a_part_without_plural_forms_is_refused(scratch_locale: Path) -> None:
    _part(scratch_locale, "a.po", "nplurals=2; plural=(n != 1);")
    _part(scratch_locale, "b.po", None)
    with pytest.raises(tool.CatalogError, match=r"b\.po: its header has no \"Plural-Forms"):
        tool.compile_mo("es")


def test_parts_that_disagree_are_refused(scratch_locale: Path) -> None:
    _part(scratch_locale, "a.po", "nplurals=2; plural=(n != 1);")
    _part(scratch_locale, "b.po", "nplurals=2; plural=(n > 1);")
    with pytest.raises(tool.CatalogError, match="different Plural-Forms"):
        tool.compile_mo("es")


@pytest.mark.parametrize(("rule", "says"), [
    ("nplurals=2; plural=(n != 1 ? 2 : 0);", "form 2 for n=0, past nplurals=2"),
    ("nplurals=2; plural=(n !== 1);", "expression"),
    ("plural=(n != 1);", "is not 'nplurals=N; plural=EXPR;'"),
])
def test_a_broken_rule_is_refused(scratch_locale: Path, rule: str, says: str) -> None:
    _part(scratch_locale, "a.po", rule)
    with pytest.raises(tool.CatalogError, match=says.replace("(", r"\(")):
        tool.compile_mo("es")


def test_a_plural_with_the_wrong_number_of_forms_is_a_problem(scratch_locale: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tool, "extract", dict)  # no source strings: only the catalogue's own problems
    _part(scratch_locale, "a.po", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
          'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "un {n}"\nmsgstr[1] "{n}"\n')
    assert "plural forms [es] '{n} day': 2 forms written, Plural-Forms says 3" in list(tool.problems("es"))


def test_spanish_is_used_when_chosen() -> None:
    try:
        i18n.set_language("es")
        assert i18n.long_date(date(2026, 11, 25)) == "miércoles, 25 de noviembre de 2026"
        assert i18n.short_date(date(2026, 3, 9)) == "9 de marzo"
    finally:
        i18n.set_language("en")
    assert i18n.long_date(date(2026, 11, 25)) == "Wednesday 25 November 2026"
