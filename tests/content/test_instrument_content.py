"""Instrument metadata, licence rules and the instrument-pack format (clinical reference 3 and Appendix A)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtrainer.content.instruments import (
    MAX_PACK_CHARS,
    InstrumentPack,
    InstrumentPackError,
    load_instruments,
    parse_instrument_pack,
)
from backtrainer.content.loader import ContentError
from backtrainer.core import instruments as core

FIXTURE = Path(__file__).parent.parent / "fixtures" / "instrument_pack_fixture.toml"
PACK_ONLY = {"ODI", "RMDQ", "PSEQ", "PSEQ2", "FABQ_PA", "TSK11"}


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def test_every_instrument_loads_with_its_scorer() -> None:
    instruments = load_instruments()
    assert set(instruments) == set(core.SCORING_VERSION)
    for meta in instruments.values():
        assert callable(getattr(core, meta.scoring_function)), meta.id
        assert meta.scoring_function in core.SCORING_FUNCTIONS
        if meta.change_function is not None:
            assert callable(getattr(core, meta.change_function)), meta.id
        assert meta.scoring_version == core.SCORING_VERSION[meta.id]
        assert meta.scoring_version.startswith(meta.version + "/")


def test_licensed_instruments_ship_no_item_text() -> None:
    instruments = load_instruments()
    for instrument_id in PACK_ONLY:
        meta = instruments[instrument_id]
        assert meta.licence_status == "licensed_pack_required"
        assert meta.items == [] and meta.prompt is None and meta.needs_pack
        assert all(o.label is None for o in meta.response_options)
    assert instruments["NPRS"].licence_status == "public" and instruments["NPRS"].ships_item_text
    assert instruments["PSFS"].licence_status == "public"
    assert {e.key for e in instruments["PSFS"].pick_list} >= {"lifting", "walking", "sleeping", "driving"}


def test_start_back_content_matches_scorer() -> None:
    meta = load_instruments()["STARTBACK"]
    assert meta.licence_status == "free_noncommercial"
    assert meta.copyright_notice == "© Keele University 01/08/07. Funded by Arthritis Research UK"
    assert [i.number for i in meta.items] == list(range(1, 10))
    item9 = meta.item_response_options["9"]
    assert tuple(o.key for o in item9) == core.START_BACK_ITEM9_KEYS
    for option in item9:  # the scored value in content equals the core's scoring of that key
        items = [0] * 8
        assert core.score_start_back(items, option.key).overall == option.value
    assert {o.key: o.value for o in meta.response_options} == {"disagree": 0, "agree": 1}


@pytest.mark.parametrize(
    ("instrument_id", "low", "high", "count"),
    [("ODI", 0, 5, 10), ("RMDQ", 0, 1, 24), ("PSEQ", 0, 6, 10), ("PSEQ2", 0, 6, 2), ("FABQ_PA", 0, 6, 5),
     ("TSK11", 1, 4, 11), ("NPRS", 0, 10, 1)],
)  # fmt: skip
def test_metadata_ranges_match_core(instrument_id: str, low: int, high: int, count: int) -> None:
    meta = load_instruments()[instrument_id]
    assert meta.value_range == (low, high)
    assert meta.item_count == count


def test_fabq_scored_items_match_core() -> None:
    assert tuple(load_instruments()["FABQ_PA"].scored_items or ()) == core.FABQ_PA_SCORED_ITEMS


# ---------------------------------------------------------------------------------------------------------------------
# Instrument packs
# ---------------------------------------------------------------------------------------------------------------------


def test_fixture_pack_parses_and_is_marked() -> None:
    pack = parse_instrument_pack(fixture_text())
    assert isinstance(pack, InstrumentPack)
    assert pack.test_fixture is True
    assert "TEST FIXTURE" in pack.licence_holder
    odi = pack.instrument("ODI")
    assert odi is not None and len(odi.items) == 10
    assert odi.items[2].options[2].label == "Test item 3 of ODI section lifting, option 2"
    assert pack.instrument("RMDQ") is None


def _mutate(old: str, new: str, count: int = 1) -> str:
    text = fixture_text()
    assert old in text
    return text.replace(old, new, count)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "format must be"),
        ("not toml = = =", "not valid TOML"),
        (lambda: _mutate('format = "backtrainer-instrument-pack/1"', 'format = "other/9"'), "format must be"),
        (lambda: _mutate('id = "ODI"', 'id = "XYZ"'), "unknown instrument 'XYZ'"),
        (lambda: _mutate('id = "ODI"', 'id = "NPRS"'), "ships with the app"),
        (lambda: _mutate('version = "ODI_2.1a"', 'version = "ODI_2.0"'), "version 'ODI_2.0'"),
        (lambda: _mutate('id = "TSK11"', 'id = "ODI"'), "(appears twice|version)"),
        (lambda: _mutate("number = 10\n", "number = 11\n"), "numbered 1 to 10"),
        (lambda: _mutate("{ value = 5,", "{ value = 6,"), "option values"),
        (lambda: _mutate('{ value = 4, label = "Test item 1 of TSK-11, option 4" },\n', ""), "option values"),
        (lambda: _mutate('language = "en-GB"', 'language = "English"'), "language"),
        (lambda: _mutate('pack_id = "test-fixture-pack"', 'pack_id = "../../etc"'), "pack_id"),
        (lambda: _mutate('licence_holder = "TEST FIXTURE (no licence)"', 'licence_holder = ""'), "licence_holder"),
        (lambda: _mutate("\ntest_fixture = true\n", "\ntest_fixture = true\nsurprise = 1\n"), "surprise"),
        (lambda: _mutate('text = "Test item 1 of TSK-11"', 'text = "' + "x" * 2001 + '"'), "text"),
        ('format = "backtrainer-instrument-pack/1"\n' + "x = 1\n" * (MAX_PACK_CHARS // 6 + 1), "too large"),
        ("format = 1\0", "NUL"),
        ("a = " + "[" * 5000 + "]" * 5000, "(nested too deeply|not valid TOML|format must be)"),
    ],
)
def test_bad_packs_are_rejected_clearly(text: object, message: str) -> None:
    body = text() if callable(text) else text
    with pytest.raises(InstrumentPackError, match=message) as info:
        parse_instrument_pack(body)  # type: ignore[arg-type]
    assert isinstance(info.value, ContentError) and isinstance(info.value, ValueError)


def test_wrong_item_count_is_rejected() -> None:
    text = fixture_text()
    start = text.index('[[instruments.items]]\nnumber = 2\ntext = "Test item 2 of PSEQ-2"')
    with pytest.raises(InstrumentPackError, match="PSEQ2 needs exactly 2 items, the pack has 1"):
        parse_instrument_pack(text[:start])


def test_non_text_is_rejected() -> None:
    with pytest.raises(InstrumentPackError, match="must be text"):
        parse_instrument_pack(b"format = 1")  # type: ignore[arg-type]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_junk_text_raises_only_pack_errors(junk: str) -> None:
    with contextlib.suppress(InstrumentPackError):
        parse_instrument_pack(junk)


toml_scalars = st.one_of(st.integers(-10, 10), st.text(max_size=20), st.booleans())
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _to_toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_to_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_to_toml_value(k)} = {_to_toml_value(v)}" for k, v in value.items()) + "}"


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["pack_id", "language", "licence_holder", "instruments", "x"]), toml_values))
def test_structured_junk_raises_only_pack_errors(fields: dict[str, object]) -> None:
    lines = ['format = "backtrainer-instrument-pack/1"'] + [f"{k} = {_to_toml_value(v)}" for k, v in fields.items()]
    with contextlib.suppress(InstrumentPackError):
        parse_instrument_pack("\n".join(lines))
