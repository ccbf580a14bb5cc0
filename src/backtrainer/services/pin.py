"""PIN hashing: salted scrypt, stored as ``"scrypt$n$r$p$salt_hex$hash_hex"`` (profile.pin_hash, clinician PINs).

Qt-free and store-free. Verification recomputes the hash with the stored parameters and compares in constant time;
a malformed stored value never verifies (and never raises). A stored value made with a lower cost than today's is
made again at today's cost on the next correct entry (:func:`needs_rehash`; the callers do it in the same step).

What a PIN protects: it stops someone at the keyboard from opening another person's profile or the clinic's
controls, and the wait after wrong tries (services.pin_gate, kept in the database) makes guessing at the keyboard
slow. It does not protect the files: anyone who can copy the data folder can read the database (it is not
encrypted) and can try all 4-6 digit PINs offline against a hash; the cost below only makes that take hours
instead of minutes. Full-disk encryption protects the files.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCHEME = "scrypt"
# scrypt cost (issue 17): N=2**17, r=8 (128 MiB) takes 0.40 s on the 2-core reference machine (2**14 took 0.05 s,
# so every 4-digit PIN fell in minutes offline); benchmarks/bench_pin.py prints it. Tests lower N through a fixture.
DEFAULT_COST = (2**17, 8, 1)
N, R, P = DEFAULT_COST
SALT_BYTES = 16
HASH_BYTES = 32
_MAX_N = 2**20  # refuse absurd parameters read from a stored value (memory exhaustion)
_MAX_R = 32
_MAX_P = 16


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=max(64 * 1024 * 1024, 129 * n * r * p))


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A new stored value for ``pin`` (a random 16-byte salt unless one is given, for tests)."""
    if not isinstance(pin, str) or not pin:
        raise ValueError("a PIN must be a non-empty text")
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _derive(pin, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${salt.hex()}${digest.hex()}"


def needs_rehash(stored: str | None) -> bool:
    """True when ``stored`` was made with other cost parameters than today's (an older, cheaper hash)."""
    if not isinstance(stored, str):
        return False
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == SCHEME and parts[1:4] != [str(N), str(R), str(P)]


def verify_pin(pin: str, stored: str | None) -> bool:
    """True when ``pin`` matches ``stored``; False for a wrong PIN or any malformed stored value."""
    if not isinstance(pin, str) or not pin or not isinstance(stored, str):
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = bytes.fromhex(parts[4])
        expected = bytes.fromhex(parts[5])
    except ValueError:
        return False
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return False
    if not salt or not 16 <= len(expected) <= 64:
        return False
    try:
        actual = _derive(pin, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)
