from __future__ import annotations

import pytest

from backtrainer.services.clock import FixedClock
from backtrainer.services.profiles import InputError, ProfileService, clean_nickname
from backtrainer.store.summary import home_summary, list_profiles


@pytest.mark.parametrize("raw, cleaned", [
    ("  Sam ", "Sam"),
    ("José", "José"),
    ("مريم", "مريم"),  # right-to-left
    ("Ann 👩‍⚕️", "Ann 👩‍⚕️"),  # emoji with zero-width joiner kept
    ("Bo\x00b\x07", "Bob"),  # control characters dropped
])
def test_clean_nickname(raw: str, cleaned: str) -> None:
    assert clean_nickname(raw) == cleaned


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "x" * 81])
def test_clean_nickname_rejects(raw: str) -> None:
    with pytest.raises(InputError):
        clean_nickname(raw)


def test_create_profile_records_notice_and_reads_back_fast(store_db: object, clock: FixedClock) -> None:
    from backtrainer.store.db import Database

    assert isinstance(store_db, Database)
    service = ProfileService(store_db, clock)
    made = service.create("Sam", accept_notice=True)
    assert made.notice_accepted and made.nickname == "Sam"
    fast = list_profiles(store_db.path)
    assert [p.nickname for p in fast] == ["Sam"]
    assert fast[0] == made
    summary = home_summary(store_db.path, made.id, "2026-03-09")
    assert summary is not None
    assert summary.profile == made
    assert not summary.assessment_done
    assert summary.sessions_total == 0


def test_accept_notice_later(store_db: object, clock: FixedClock) -> None:
    from backtrainer.store.db import Database

    assert isinstance(store_db, Database)
    service = ProfileService(store_db, clock)
    made = service.create("Lee", accept_notice=False)
    assert not made.notice_accepted
    assert service.accept_notice(made.id).notice_accepted
    assert service.get(made.id).notice_accepted


def test_bad_nickname_writes_nothing(store_db: object, clock: FixedClock) -> None:
    from backtrainer.store.db import Database

    assert isinstance(store_db, Database)
    service = ProfileService(store_db, clock)
    with pytest.raises(InputError):
        service.create("   ", accept_notice=True)
    assert service.list() == []
