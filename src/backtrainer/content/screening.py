"""Screening, body-map and safety content: pydantic models and cached loaders.

Files (package data, read with :func:`backtrainer.content.loader.load_model`):

* ``red_flags.toml``: the questions of ref 1.2 (one thing per question), follow-ups of 1.3, quick-check list of 1.4,
  profile flags of 0.3.
* ``body_regions.toml``: labels for every region id of ref 2.1 and the qualities of 2.2.
* ``safety.toml``: the safety wording of ref 8 with ``{placeholder}`` slots.
* ``messages/screening.toml``: words for every reason code of ``core.screening`` and ``core.bodymap``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator, model_validator

from backtrainer.content.base import Text, _check_slots, _Model, _unique, placeholders
from backtrainer.content.loader import load_model
from backtrainer.content.safety import SafetyContent, load_safety
from backtrainer.i18n import _

__all__ = [
    "BodyRegionsContent",
    "MessagesContent",
    "RedFlagContent",
    "SafetyContent",
    "format_summary",
    "load_body_regions",
    "load_messages",
    "load_red_flags",
    "load_safety",
    "placeholders",
]

TierCode = Literal["CLEAR", "CAUTION", "CLINICIAN_SOON", "EMERGENCY"]


class RedFlagQuestion(_Model):
    id: str = Field(pattern=r"^RF\d{2}[a-d]?$")  # a letter for one part of a rule (core QUESTION_PARTS)
    tier_if_yes: TierCode
    screens_for: Text  # clinician-facing
    text: Text  # the reference's original wording (ref 1.2)
    emphasis: tuple[str, ...] = ()  # words shown in bold, as in the reference
    why: Text  # short "why we ask" help (ours)

    @model_validator(mode="after")
    def _emphasis_in_text(self) -> RedFlagQuestion:
        for word in self.emphasis:
            if word not in self.text:
                raise ValueError(f"{self.id}: emphasised words {word!r} are not in the question text")
        return self


class FollowUp(_Model):
    id: Text
    trigger: str = Field(pattern=r"^RF\d{2}[a-d]?$")
    text: Text
    help: Text
    effect: Text  # clinician-facing


class NotSure(_Model):
    label: Text
    title: Text
    text: Text
    recheck_button: Text


class TickItem(_Model):
    id: Text
    text: Text


class QuickCheck(_Model):
    title: Text
    prompt: Text
    fall_serious_question: Text
    rf11_question: Text
    items: tuple[TickItem, ...]

    @field_validator("items")
    @classmethod
    def _unique_items(cls, v: tuple[TickItem, ...]) -> tuple[TickItem, ...]:
        _unique([i.id for i in v], "quick-check item")
        return v


class AnswerLabels(_Model):
    YES: Text
    NO: Text
    NOT_SURE: Text


class RedFlagContent(_Model):
    version: int = Field(ge=1)
    source: Text
    not_sure: NotSure
    answers: AnswerLabels
    questions: tuple[RedFlagQuestion, ...]
    followups: tuple[FollowUp, ...]
    quick_check: QuickCheck
    profile_flags: tuple[TickItem, ...]

    @model_validator(mode="after")
    def _ids(self) -> RedFlagContent:
        _unique([q.id for q in self.questions], "question")
        _unique([f.id for f in self.followups], "follow-up")
        _unique([p.id for p in self.profile_flags], "profile flag")
        qids = {q.id for q in self.questions}
        for f in self.followups:
            if f.trigger not in qids:
                raise ValueError(f"follow-up {f.id} triggers on unknown question {f.trigger}")
        return self

    def question(self, qid: str) -> RedFlagQuestion:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


# --- body_regions.toml --------------------------------------------------------------------------------------


class RegionLabel(_Model):
    id: Text
    label: Text
    description: Text


class QualityLabel(_Model):
    code: Text
    label: Text
    description: Text
    icon: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")


class ViewLabels(_Model):
    front: Text
    back: Text
    side: Text
    special: Text


class SideLabels(_Model):
    L: Text
    R: Text
    C: Text


class BodyRegionsContent(_Model):
    version: int = Field(ge=1)
    source: Text
    views: ViewLabels
    sides: SideLabels
    regions: tuple[RegionLabel, ...]
    qualities: tuple[QualityLabel, ...]

    @model_validator(mode="after")
    def _ids(self) -> BodyRegionsContent:
        _unique([r.id for r in self.regions], "region")
        _unique([q.code for q in self.qualities], "quality")
        return self

    def region(self, region_id: str) -> RegionLabel:
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(region_id)

    def quality(self, code: str) -> QualityLabel:
        for q in self.qualities:
            if q.code == code:
                return q
        raise KeyError(code)


# --- safety.toml --------------------------------------------------------------------------------------------


class MessagesContent(_Model):
    version: int = Field(ge=1)
    messages: dict[str, str]
    summaries: dict[str, str]
    changes: dict[str, str]

    @model_validator(mode="after")
    def _texts(self) -> MessagesContent:
        for table in ("messages", "summaries", "changes"):
            for code, text in getattr(self, table).items():
                if not text.strip():
                    raise ValueError(f"[{table}] {code} is empty")
                _check_slots(text, set(), f"[{table}] {code}")
        return self

    def message(self, code: str) -> str:
        return self.messages[code]


def format_summary(codes: Iterable[str], messages: MessagesContent | None = None) -> str:
    """Join the summary phrases of ``codes`` for the {summary} slot ("a, b and c"); codes without a phrase and
    repeated phrases are skipped."""
    content = messages or load_messages()
    phrases: list[str] = []
    for code in codes:
        phrase = content.summaries.get(code)
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    if not phrases:
        return ""
    if len(phrases) == 1:
        return phrases[0]
    return _("{items} and {last}").format(items=", ".join(phrases[:-1]), last=phrases[-1])


def rescreen_text(codes: Iterable[str], messages: MessagesContent | None = None) -> str:
    """Why the full safety questions are due again (the RS-* messages; ref 1.4, re-checking red flags), each reason
    once and the ask once: the messages each end with the same ask ("Please answer the full safety questions
    again."), which two reasons said twice on Today. Messages whose last sentences differ are kept whole."""
    content = messages or load_messages()
    texts: list[str] = []
    for code in codes:
        text = content.messages.get(code, "").strip()
        if text and text not in texts:
            texts.append(text)
    if len(texts) < 2:
        return "".join(texts)
    parts = [text.rsplit(". ", 1) for text in texts]
    asks = {p[1] for p in parts if len(p) == 2}
    if len(asks) != 1 or any(len(p) != 2 for p in parts):
        return " ".join(texts)
    return " ".join([p[0] + "." for p in parts] + [asks.pop()])


# --- loaders ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_red_flags() -> RedFlagContent:
    return load_model("red_flags.toml", RedFlagContent)


@lru_cache(maxsize=1)
def load_body_regions() -> BodyRegionsContent:
    return load_model("body_regions.toml", BodyRegionsContent)


@lru_cache(maxsize=1)
def load_messages() -> MessagesContent:
    return load_model("messages/screening.toml", MessagesContent)
