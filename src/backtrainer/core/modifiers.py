"""Global plan modifiers (clinical reference section 6.9)."""

from __future__ import annotations

from enum import StrEnum


class Modifier(StrEnum):
    SLOW = "SLOW"  # 6.9: 3 qualifying sessions instead of 2 (BM06, >= 3 flares in 28 days, clinician)
    FEAR = "FEAR"  # 6.9: STarT HIGH, FABQ-PA > 14, TSK-11 above clinic threshold, FTF fear >= 7
    LEG = "LEG"  # 6.9: leg-pain pathway (BM03, BM12, RF13)
    SUPPORT = "SUPPORT"  # 6.9: balance_support (Test 4) or age >= 65
    CLINICIAN_LOCK = "CLINICIAN_LOCK"  # 6.9: clinician fixes chosen chains
