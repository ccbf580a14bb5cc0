"""Questionnaire metadata and licensed instrument packs (clinical reference section 3 and Appendix A).

Shipped content (``instruments/<id>.toml``) holds metadata and scoring references for every instrument, and item
text **only** for instruments the app may ship (NPRS, PSFS and the Keele STarT Back tool for non-commercial use).
Item text for ODI, RMDQ, PSEQ/PSEQ-2, FABQ-PA and TSK-11 never ships: a clinic holding a licence imports it as an
**instrument pack** (a TOML file, format below), validated by :func:`parse_instrument_pack`.

Instrument pack format ``backtrainer-instrument-pack/1``::

    format = "backtrainer-instrument-pack/1"
    pack_id = "clinic-odi-en"            # letters, digits, '-', '_', '.'; 3-64 characters
    licence_holder = "Example Clinic"    # who holds the licence
    licence_reference = "MAPI-12345"     # agreement / licence number, shown in the clinician export
    language = "en-GB"                   # BCP 47 language tag
    test_fixture = false                 # true only for test packs; the importer refuses them in real use

    [[instruments]]
    id = "ODI"                           # an instrument whose licence_status is "licensed_pack_required"
    version = "ODI_2.1a"                 # must equal the shipped metadata version

    [[instruments.items]]
    number = 1                           # 1..item_count, in order, each once
    text = "..."                         # the licensed item / section heading
    options = [ { value = 0, label = "..." }, ... ]   # values = exactly the instrument's response values

Limits (a hostile or broken file is rejected with :class:`InstrumentPackError`, never another exception): at most
:data:`MAX_PACK_CHARS` characters, 20 instruments, 100 items per instrument, 12 options per item, 2,000 characters
per item text and 500 per option label.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from backtrainer.content.loader import ContentError, list_dir, load_model

LicenceStatus = Literal["public", "free_noncommercial", "licensed_pack_required"]
Direction = Literal["higher_is_worse", "higher_is_better", "not_an_outcome"]

PACK_FORMAT = "backtrainer-instrument-pack/1"
MAX_PACK_CHARS = 512 * 1024
MAX_PACK_INSTRUMENTS = 20
MAX_PACK_ITEMS = 100
MAX_PACK_OPTIONS = 12
MAX_ITEM_TEXT = 2000
MAX_OPTION_LABEL = 500

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------------------------------------------------------------
# Shipped instrument metadata
# ---------------------------------------------------------------------------------------------------------------------


class ResponseOption(_Model):
    """One answer choice: ``key`` is what the scorer receives for keyed answers; ``value`` the scored number."""

    key: Key
    value: int
    label: Text | None = None  # shipped wording, only when the instrument may ship text


class ItemText(_Model):
    number: int = Field(ge=1, le=MAX_PACK_ITEMS)
    text: Text
    options: list[ResponseOption] | None = None  # overrides the instrument's response options for this item


class PickListEntry(_Model):
    key: Key
    label: Text


class InstrumentMeta(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")]
    version: Text
    name: Text
    construct_text: Text = Field(alias="construct")  # TOML key "construct" (name clashes with BaseModel)
    item_count: int = Field(ge=1, le=MAX_PACK_ITEMS)
    item_count_max: int | None = Field(default=None, ge=1, le=MAX_PACK_ITEMS)
    scored_items: list[int] | None = None
    topics: list[Text] = []  # item topics in our own words (section 3), never item text
    response_options: list[ResponseOption]
    item_response_options: dict[str, list[ResponseOption]] = {}
    score_range: tuple[float, float]
    direction: Direction
    scoring_function: Annotated[str, StringConstraints(pattern=r"^score_[a-z0-9_]+$")]
    change_function: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+_change$")] | None = None
    scoring_version: Text
    mcid: Text
    frequency: Text
    licence_status: LicenceStatus
    copyright_holder: Text
    copyright_notice: Text | None = None
    licence_note: Text
    source: Text
    prompt: Text | None = None
    anchors: dict[str, Text] = {}
    pick_list: list[PickListEntry] = []
    items: list[ItemText] = []

    @model_validator(mode="after")
    def _check(self) -> InstrumentMeta:
        if self.licence_status == "licensed_pack_required" and (self.items or self.prompt or self.anchors):
            raise ValueError(f"{self.id}: licensed item text must come from an instrument pack, not shipped content")
        if self.licence_status == "free_noncommercial" and not self.copyright_notice:
            raise ValueError(f"{self.id}: a free_noncommercial instrument must carry its copyright notice")
        if self.items:
            numbers = [i.number for i in self.items]
            if numbers != list(range(1, self.item_count + 1)):
                raise ValueError(f"{self.id}: items must be numbered 1..{self.item_count}, got {numbers}")
        if self.topics and len(self.topics) != self.item_count:
            raise ValueError(f"{self.id}: {len(self.topics)} topics for {self.item_count} items")
        if len({o.key for o in self.response_options}) != len(self.response_options):
            raise ValueError(f"{self.id}: response option keys must be unique")
        for number in self.item_response_options:
            if not number.isdigit() or not 1 <= int(number) <= self.item_count:
                raise ValueError(f"{self.id}: item_response_options names unknown item {number!r}")
        if self.item_count_max is not None and self.item_count_max < self.item_count:
            raise ValueError(f"{self.id}: item_count_max is below item_count")
        if self.scored_items is not None and not all(1 <= n <= self.item_count for n in self.scored_items):
            raise ValueError(f"{self.id}: scored_items outside 1..{self.item_count}")
        return self

    @property
    def value_range(self) -> tuple[int, int]:
        values = [o.value for o in self.response_options]
        return min(values), max(values)

    @property
    def response_values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.response_options)

    @property
    def ships_item_text(self) -> bool:
        return bool(self.items)

    @property
    def needs_pack(self) -> bool:
        return self.licence_status == "licensed_pack_required"


@lru_cache(maxsize=1)
def load_instruments() -> Mapping[str, InstrumentMeta]:
    """All shipped instrument metadata, by id (validated once per process)."""
    found: dict[str, InstrumentMeta] = {}
    for name in list_dir("instruments"):
        if not name.endswith(".toml"):
            continue
        meta = load_model(f"instruments/{name}", InstrumentMeta)
        if name != f"{meta.id.lower()}.toml":
            raise ContentError(f"content file 'instruments/{name}' holds instrument {meta.id}; name it by its id")
        if meta.id in found:
            raise ContentError(f"instrument {meta.id} is defined twice")
        found[meta.id] = meta
    if not found:
        raise ContentError("no instrument metadata found in content/instruments")
    return found


def get_instrument(instrument_id: str) -> InstrumentMeta:
    try:
        return load_instruments()[instrument_id]
    except KeyError:
        raise ContentError(f"unknown instrument {instrument_id!r}") from None


# ---------------------------------------------------------------------------------------------------------------------
# Instrument packs (licensed item text imported by a clinic)
# ---------------------------------------------------------------------------------------------------------------------


class InstrumentPackError(ContentError, ValueError):
    """An instrument pack is too large, not valid TOML, or does not match the format or the instrument."""


PackText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ITEM_TEXT)]
PackLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_OPTION_LABEL)]
PackName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class PackOption(_Model):
    value: int = Field(ge=-100, le=100)
    label: PackLabel


class PackItem(_Model):
    number: int = Field(ge=1, le=MAX_PACK_ITEMS)
    text: PackText
    options: list[PackOption] = Field(min_length=1, max_length=MAX_PACK_OPTIONS)


class PackInstrument(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")]
    version: PackName
    items: list[PackItem] = Field(min_length=1, max_length=MAX_PACK_ITEMS)


class InstrumentPack(_Model):
    """A licensed item-text pack for one language (format ``backtrainer-instrument-pack/1``)."""

    format: Literal["backtrainer-instrument-pack/1"]
    pack_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$")]
    licence_holder: PackName
    licence_reference: PackName
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    test_fixture: bool = False
    instruments: list[PackInstrument] = Field(min_length=1, max_length=MAX_PACK_INSTRUMENTS)

    def instrument(self, instrument_id: str) -> PackInstrument | None:
        for inst in self.instruments:
            if inst.id == instrument_id:
                return inst
        return None


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors(include_input=False, include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def check_pack_against_instruments(pack: InstrumentPack, instruments: Mapping[str, InstrumentMeta]) -> None:
    """Cross-check a pack with the shipped metadata; raise :class:`InstrumentPackError` on the first mismatch."""
    seen: set[str] = set()
    for inst in pack.instruments:
        meta = instruments.get(inst.id)
        if meta is None:
            raise InstrumentPackError(f"instrument pack: unknown instrument {inst.id!r}")
        if not meta.needs_pack:
            raise InstrumentPackError(
                f"instrument pack: {inst.id} ships with the app ({meta.licence_status}); packs are only for "
                "instruments that need a licence"
            )
        if inst.id in seen:
            raise InstrumentPackError(f"instrument pack: {inst.id} appears twice")
        seen.add(inst.id)
        if inst.version != meta.version:
            raise InstrumentPackError(
                f"instrument pack: {inst.id} is version {inst.version!r} but the app scores {meta.version!r}"
            )
        if len(inst.items) != meta.item_count:
            raise InstrumentPackError(
                f"instrument pack: {inst.id} needs exactly {meta.item_count} items, the pack has {len(inst.items)}"
            )
        numbers = [item.number for item in inst.items]
        if numbers != list(range(1, meta.item_count + 1)):
            raise InstrumentPackError(
                f"instrument pack: {inst.id} items must be numbered 1 to {meta.item_count} in order"
            )
        expected = sorted(meta.response_values)
        for item in inst.items:
            values = [o.value for o in item.options]
            if sorted(values) != expected:
                raise InstrumentPackError(
                    f"instrument pack: {inst.id} item {item.number} option values {values} must be exactly "
                    f"{expected}, each once"
                )


def parse_instrument_pack(text: str, *, instruments: Mapping[str, InstrumentMeta] | None = None) -> InstrumentPack:
    """Validate an instrument pack's TOML text and return it.

    Raises :class:`InstrumentPackError` (a ``ContentError`` and a ``ValueError``) with a plain message when the
    text is too large, not TOML, does not match the pack format, or does not fit the shipped instrument metadata
    (unknown instrument, wrong version, wrong item count or numbering, option values outside the scoring range).
    """
    if not isinstance(text, str):
        raise InstrumentPackError(f"instrument pack must be text, got {type(text).__name__}")
    if len(text) > MAX_PACK_CHARS:
        raise InstrumentPackError(f"instrument pack is too large ({len(text)} characters; limit {MAX_PACK_CHARS})")
    if "\x00" in text:
        raise InstrumentPackError("instrument pack contains a NUL character; is it a binary file?")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentPackError(f"instrument pack is not valid TOML: {exc}") from None
    except RecursionError:
        raise InstrumentPackError("instrument pack is nested too deeply") from None
    declared = data.get("format")
    if declared != PACK_FORMAT:
        shown = re.sub(r"\s+", " ", repr(declared))[:60]
        raise InstrumentPackError(f"instrument pack format must be {PACK_FORMAT!r}, got {shown}")
    try:
        pack = InstrumentPack.model_validate(data)
    except ValidationError as exc:
        raise InstrumentPackError(f"instrument pack does not match the format: {_first_problem(exc)}") from None
    except RecursionError:
        raise InstrumentPackError("instrument pack is nested too deeply") from None
    check_pack_against_instruments(pack, instruments if instruments is not None else load_instruments())
    return pack
