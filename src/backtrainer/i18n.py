"""Languages: gettext catalogues for interface strings and per-language overlays for content files.

English is the source. A language is chosen once at start (Settings or the system locale); content loaders and
``_()`` then answer in it. Qt-free, so services and content use it too.

* Interface strings: ``_("Text")`` looks up ``backtrainer/locale/<lang>/LC_MESSAGES/backtrainer.mo``;
  ``N_("Text")`` marks a string for extraction without translating it yet.
* Content: ``content/i18n/<lang>/<same path>.toml`` holds the translated text fields of ``content/<path>.toml``;
  :func:`overlay` merges them over the English tree (lists of tables are matched by their ``id``/``code``/``key``).
"""

from __future__ import annotations

import gettext
import locale
import os
from datetime import date
from typing import Any

SUPPORTED = ("en", "es")
DEFAULT = "en"

_language = DEFAULT
_translation: gettext.NullTranslations = gettext.NullTranslations()


def system_language() -> str:
    """The supported language of this computer's locale, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            if code in SUPPORTED:
                return code
    try:
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
    except ValueError:
        code = ""
    return code if code in SUPPORTED else DEFAULT


def resolve(choice: str) -> str:
    """A Settings choice ("system", "en", "es") as a supported language code."""
    return system_language() if choice == "system" else (choice if choice in SUPPORTED else DEFAULT)


def set_language(code: str) -> str:
    """Use ``code`` for interface strings and content from now on; returns the language in use."""
    global _language, _translation
    code = code if code in SUPPORTED else DEFAULT
    _language = code
    _translation = gettext.NullTranslations()
    if code != DEFAULT:
        from importlib import resources  # only for a translation: its import costs ~5 ms of start-up (issue 9)

        node = resources.files("backtrainer").joinpath("locale", code, "LC_MESSAGES", "backtrainer.mo")
        try:
            with node.open("rb") as fh:
                _translation = gettext.GNUTranslations(fh)
        except (FileNotFoundError, OSError):
            _translation = gettext.NullTranslations()
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    """The translation of an interface string in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


_DECIMAL_COMMA = frozenset({"es"})  # languages that write 2,5 rather than 2.5


def decimal(value: float, places: int = 1, *, trim: bool = False, sign: bool = False) -> str:
    """``value`` with ``places`` decimals in the current language (2.5 in English, 2,5 in Spanish).

    ``trim`` drops a zero fraction ("8.0" -> "8"); ``sign`` always shows + or -. Babel would do this for every
    language, but it is a test tool here: its data would push the bundle over its size budget for two languages."""
    text = f"{value:{'+' if sign else ''}.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if _language in _DECIMAL_COMMA else text


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here."""
    return message


_MATCH_KEYS = ("id", "code", "key")


def overlay(base: Any, extra: Any) -> Any:
    """``base`` with the values of ``extra`` laid over it (tables merged, tables in lists matched by id)."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = overlay(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        if base and all(isinstance(item, dict) for item in base):
            key = next((k for k in _MATCH_KEYS if all(k in item for item in base)), None)
            if key is not None:
                by_id = {item.get(key): item for item in extra if isinstance(item, dict)}
                return [overlay(item, by_id[item[key]]) if item[key] in by_id else item for item in base]
        if len(base) == len(extra):
            return [overlay(b, e) for b, e in zip(base, extra, strict=True)]
        return base
    if isinstance(base, str) and isinstance(extra, str):
        return extra
    return base  # numbers, flags and ids are never translated


_DAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))
_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
           N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def day_name(day: date) -> str:
    return _(_DAYS[day.weekday()])


def long_date(day: date) -> str:
    """"Wednesday 25 November 2026" in the current language (never the system locale)."""
    return _("{weekday} {day} {month} {year}").format(
        weekday=day_name(day), day=day.day, month=_(_MONTHS[day.month - 1]), year=day.year)


def short_date(day: date) -> str:
    """"25 Nov" style: day and month name, in the current language."""
    return _("{day} {month}").format(day=day.day, month=_(_MONTHS[day.month - 1]))


def month_abbr(month: int) -> str:
    """"Mar": the first three letters of the translated month name (the usual abbreviation in English and
    Spanish)."""
    return _(_MONTHS[month - 1])[:3]


def date_label(day: date) -> str:
    """"09 Mar 2026" in the current language (charts, tables and the report; never the system locale)."""
    return _("{day} {mon} {year}").format(day=f"{day.day:02d}", mon=month_abbr(day.month), year=day.year)


def tick_day(day: date) -> str:
    """"09 Mar": a date-axis tick."""
    return _("{day} {mon}").format(day=f"{day.day:02d}", mon=month_abbr(day.month))


def tick_month(day: date, *, short_year: bool = False) -> str:
    """"Mar 2026" (or "Mar 26"): a date-axis tick."""
    year = f"{day.year % 100:02d}" if short_year else str(day.year)
    return _("{mon} {year}").format(mon=month_abbr(day.month), year=year)
