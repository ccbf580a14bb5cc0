"""Interface translations: extract the ``_()`` strings, check the Spanish catalogue, compile it.

    python -m tools.i18n check      # every marked string has a translation with the same {placeholders}
    python -m tools.i18n compile    # merge locale/<lang>/parts/*.po into locale/<lang>/LC_MESSAGES/backtrainer.mo
    python -m tools.i18n missing    # print the untranslated strings as .po entries (to paste into a part)

Translations are written by hand in ``src/backtrainer/locale/<lang>/parts/<area>.po`` (one file per area, so several
people can work at once); the compiled ``.mo`` is committed and a test checks it is up to date.

The plural rule is the one the parts' headers declare (``Plural-Forms``, the same in every part of a language), never
Babel's locale data: the ``msgstr[i]`` forms are written for the header's rule, and Babel's data changes between
releases (Babel 2.19 gives Spanish three forms, which would send every count but 1 back to English).
"""

from __future__ import annotations

import gettext
import io
import re
import string
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "backtrainer"
LOCALE = SRC / "locale"
LANGUAGES = ("es",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SKIP = ("locale",)
_PLURAL_FORMS = re.compile(r'^"Plural-Forms:\s*(.*?)\\n"$', re.MULTILINE)
_RULE = re.compile(r"nplurals=(\d+);\s*plural=(.+?);?")


class CatalogError(ValueError):
    """A part of a catalogue cannot be compiled as it is (the message says which file and why)."""


def source_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if not any(part in SKIP for part in p.relative_to(SRC).parts[:1]))


def extract() -> dict[str, list[str]]:
    """msgid -> places it is used (file:line)."""
    found: dict[str, list[str]] = {}
    for path in source_files():
        with path.open("rb") as fh:
            for lineno, _func, message, _comments in extract_python(fh, KEYWORDS, [], {}):
                messages = (message[0],) if isinstance(message, tuple) else (message,)  # plurals: by singular
                for msg in messages:
                    if msg:
                        found.setdefault(msg, []).append(f"{path.relative_to(ROOT)}:{lineno}")
    return found


def parts(lang: str) -> list[Path]:
    return sorted((LOCALE / lang / "parts").glob("*.po"))


def declared_plural_forms(part: Path) -> str:
    """The ``Plural-Forms`` rule in the header of one part, checked: ``nplurals=N; plural=EXPR;``."""
    text = part.read_text(encoding="utf-8")
    start = text.find('msgid ""\nmsgstr ""\n')
    header = text[start : text.find("\n\n", start)] if start >= 0 else ""
    name = part.relative_to(ROOT)
    found = _PLURAL_FORMS.search(header)
    if found is None:
        raise CatalogError(f'{name}: its header has no "Plural-Forms: nplurals=...; plural=...;\\n" line')
    rule = _RULE.fullmatch(found.group(1).strip())
    if rule is None:
        raise CatalogError(f"{name}: Plural-Forms {found.group(1)!r} is not 'nplurals=N; plural=EXPR;'")
    count, expr = int(rule.group(1)), rule.group(2).strip()
    try:
        pick = gettext.c2py(expr)
    except ValueError as exc:
        raise CatalogError(f"{name}: Plural-Forms expression {expr!r}: {exc}") from exc
    wrong = next((n for n in range(1001) if not 0 <= pick(n) < count), None)
    if wrong is not None:
        raise CatalogError(f"{name}: Plural-Forms gives form {pick(wrong or 0)} for n={wrong}, past nplurals={count}")
    return f"nplurals={count}; plural={expr};"


def plural_forms(lang: str) -> str:
    """The language's plural rule: every part declares it in its header, and they all agree."""
    found = {part.name: declared_plural_forms(part) for part in parts(lang)}
    rules = sorted(set(found.values()))
    if not rules:
        raise CatalogError(f"no parts in {(LOCALE / lang / 'parts').relative_to(ROOT)}")
    if len(rules) > 1:
        raise CatalogError(f"[{lang}] the parts declare different Plural-Forms: " + "; ".join(
            f"{name}: {rule}" for name, rule in sorted(found.items())))
    return rules[0]


def merged(lang: str) -> Catalog:
    fixed = datetime(2026, 1, 1, tzinfo=UTC)  # no time stamps: the compiled file depends on the parts only
    catalog = Catalog(locale=lang, project="BackTrainer", fuzzy=False, creation_date=fixed, revision_date=fixed)
    catalog.mime_headers = [("Plural-Forms", plural_forms(lang))]  # the parts' rule, not Babel's locale data
    for part in parts(lang):
        with part.open("rb") as fh:
            piece = read_po(fh, locale=lang)
        for message in piece:
            if message.id and message.string:
                catalog.add(message.id, message.string, flags=[])
    return catalog


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def problems(lang: str) -> Iterator[str]:
    try:
        catalog = merged(lang)
    except CatalogError as exc:
        yield str(exc)
        return
    for message in catalog:  # read_po pads a plural to the header's number of forms with empty strings
        if message.id and isinstance(message.string, tuple) and not all(message.string):
            yield (f"plural forms [{lang}] {message.id[0]!r}: {sum(map(bool, message.string))} forms written, "
                   f"Plural-Forms says {catalog.num_plurals}")
    used = extract()
    for msgid, places in sorted(used.items()):
        message = catalog.get(msgid)
        if message is None or not message.string:
            yield f"missing [{lang}] {msgid!r} ({places[0]})"
            continue
        translated = message.string if isinstance(message.string, str) else message.string[0]
        try:
            if placeholders(msgid) != placeholders(translated):
                yield f"placeholders differ [{lang}] {msgid!r} -> {translated!r}"
        except ValueError as exc:
            yield f"bad braces [{lang}] {msgid!r}: {exc}"


def compile_mo(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, merged(lang), use_fuzzy=False)
    return buffer.getvalue()


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "backtrainer.mo"


def _po_entry(msgid: str) -> str:
    escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
    return f'msgid "{escaped}"\nmsgstr ""\n'


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    try:
        return _run(command)
    except CatalogError as exc:
        print(exc)
        return 1


def _run(command: str) -> int:
    if command == "compile":
        for lang in LANGUAGES:
            mo_path(lang).parent.mkdir(parents=True, exist_ok=True)
            mo_path(lang).write_bytes(compile_mo(lang))
            print(f"wrote {mo_path(lang).relative_to(ROOT)}")
        return 0
    if command == "missing":
        catalog = {lang: merged(lang) for lang in LANGUAGES}
        for msgid, places in sorted(extract().items()):
            for lang in LANGUAGES:
                if catalog[lang].get(msgid) is None:
                    print(f"#: {places[0]}\n{_po_entry(msgid)}")
        return 0
    found = [p for lang in LANGUAGES for p in problems(lang)]
    for line in found:
        print(line)
    print(f"{len(extract())} interface strings; {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
