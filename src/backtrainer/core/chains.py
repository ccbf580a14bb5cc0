"""Progression chain codes (clinical reference section 5.8)."""

from __future__ import annotations

from enum import StrEnum


class Chain(StrEnum):
    """The eleven progression chains of section 5.8 ("AR" is optional)."""

    MC = "MC"  # motor control
    QX = "QX"  # quadruped / extensors
    PX = "PX"  # prone extension
    LAT = "LAT"  # lateral trunk
    AR = "AR"  # anti-rotation (band, optional)
    ANT = "ANT"  # curl-up
    GLU = "GLU"  # gluteal
    ABD = "ABD"  # hip abductors
    HNG = "HNG"  # hip hinge
    SQT = "SQT"  # squat
    CAR = "CAR"  # carry


# Tie-break order when more exercises qualify to progress than the limit allows (section 6.5 [PD]).
PROGRESSION_TIE_BREAK: tuple[Chain, ...] = (
    Chain.MC, Chain.QX, Chain.LAT, Chain.GLU, Chain.HNG, Chain.SQT,
    Chain.ANT, Chain.PX, Chain.ABD, Chain.AR, Chain.CAR,
)

# Number of levels per chain (section 5.8).
CHAIN_LEVELS: dict[Chain, int] = {
    Chain.MC: 5, Chain.HNG: 5, Chain.SQT: 5,
    Chain.QX: 4, Chain.PX: 4, Chain.LAT: 4, Chain.GLU: 4,
    Chain.AR: 3, Chain.ANT: 3, Chain.ABD: 3, Chain.CAR: 3,
}

# Core chains for the "stuck" trigger of 6.10 item 7 and the core block of 5.9.
CORE_CHAINS: tuple[Chain, ...] = (Chain.MC, Chain.QX, Chain.LAT, Chain.GLU)
