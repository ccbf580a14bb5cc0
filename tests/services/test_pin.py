"""services.pin: salted scrypt hashes, constant-time verification, malformed values never verify."""

from __future__ import annotations

from backtrainer.services.pin import hash_pin, verify_pin


def test_hash_and_verify() -> None:
    stored = hash_pin("4821")
    assert stored.startswith("scrypt$16384$8$1$") and len(stored.split("$")) == 6
    assert verify_pin("4821", stored) and not verify_pin("4820", stored)
    assert hash_pin("4821") != stored  # a new salt each time
    assert hash_pin("4821", salt=b"0" * 16) == hash_pin("4821", salt=b"0" * 16)


def test_malformed_values_never_verify() -> None:
    for bad in (None, "", "plain", "scrypt$1$8$1$00$00", "md5$16384$8$1$00$00", "scrypt$16384$8$1$zz$00",
                "scrypt$1048577$8$1$" + "00" * 16 + "$" + "00" * 32, "scrypt$16384$999$1$00$" + "00" * 32):
        assert not verify_pin("1234", bad)
    assert not verify_pin("", hash_pin("1234"))
