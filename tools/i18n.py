"""Interface translations: extract the ``_()`` strings, check the Spanish catalogue, compile it.

    python -m tools.i18n check      # every marked string has a translation with the same {placeholders}
    python -m tools.i18n compile    # merge locale/<lang>/parts/*.po into locale/<lang>/LC_MESSAGES/backtrainer.mo
    python -m tools.i18n missing    # print the untranslated strings as .po entries (to paste into a part)

Translations are written by hand in ``src/backtrainer/locale/<lang>/parts/<area>.po`` (one file per area, so several
people can work at once); the compiled ``.mo`` is committed and a test checks it is up to date.
"""

from __future__ import annotations

import io
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


def merged(lang: str) -> Catalog:
    fixed = datetime(2026, 1, 1, tzinfo=UTC)  # no time stamps: the compiled file depends on the parts only
    catalog = Catalog(locale=lang, project="BackTrainer", fuzzy=False, creation_date=fixed, revision_date=fixed)
    for part in sorted((LOCALE / lang / "parts").glob("*.po")):
        with part.open("rb") as fh:
            piece = read_po(fh, locale=lang)
        for message in piece:
            if message.id and message.string:
                catalog.add(message.id, message.string, flags=[])
    return catalog


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def problems(lang: str) -> Iterator[str]:
    catalog = merged(lang)
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
