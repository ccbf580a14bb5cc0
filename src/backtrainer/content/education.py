"""Education topics (section 7), movement-test instructions (section 4) and assessment wording.

Three content files, each validated by pydantic and loaded once per process:

* ``education.toml``: topics ED-01..ED-12 and the schedule rules of section 7.
* ``movement_tests.toml``: the steps, safety box, stop rules, timer mode and follow-up questions of every MT-* test.
* ``messages/assessment.toml``: words for the reason codes of ``core.movement`` and ``core.review``, patient-facing
  band labels (ODI, NPRS, PSEQ, STarT Back) and plain-language verdict templates.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from backtrainer.content.loader import load_model
from backtrainer.i18n import N_

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
TopicId = Annotated[str, StringConstraints(pattern=r"^ED-\d{2}$")]
TestIdStr = Annotated[str, StringConstraints(pattern=r"^MT-[A-Z]+$")]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------------------------------


class EducationTopic(_Model):
    id: TopicId
    title: Text
    summary: Text  # the clinical reference's original plain-language text (section 7)
    learn_more: Text  # our own longer text for the "Learn more" panel
    source: Text


class EducationSchedule(_Model):
    first_session: list[TopicId]
    fear_early: list[TopicId]
    on_flare: TopicId
    bending: TopicId
    new_topics_per_session: int = Field(ge=1, le=3)


class EducationContent(_Model):
    version: Text
    schedule: EducationSchedule
    topics: list[EducationTopic]

    @model_validator(mode="after")
    def _check(self) -> EducationContent:
        ids = [t.id for t in self.topics]
        if len(set(ids)) != len(ids):
            raise ValueError("education topic ids must be unique")
        s = self.schedule
        for ref in [*s.first_session, *s.fear_early, s.on_flare, s.bending]:
            if ref not in ids:
                raise ValueError(f"schedule names unknown topic {ref}")
        return self

    def topic(self, topic_id: str) -> EducationTopic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)


@lru_cache(maxsize=1)
def load_education() -> EducationContent:
    return load_model("education.toml", EducationContent)


# ---------------------------------------------------------------------------------------------------------------------
# Movement tests
# ---------------------------------------------------------------------------------------------------------------------

TimerMode = Literal["stopwatch", "countdown_max", "counted", "rating", "measure", "choice"]
QuestionKind = Literal["yes_no", "nprs", "rating_0_10", "rating_0_5", "choice", "number"]


class Choice(_Model):
    key: Key
    label: Text


class TimerSpec(_Model):
    mode: TimerMode
    max_s: int | None = Field(default=None, ge=1, le=3600)
    count: int | None = Field(default=None, ge=1, le=20)  # "counted": repetitions (sit-to-stand)
    unit: Literal["cm", "min"] | None = None  # "measure": cm; a stopwatch typed in minutes: "min"
    scale: list[Text] = []  # "rating": the labelled steps

    @model_validator(mode="after")
    def _check(self) -> TimerSpec:
        if self.mode == "countdown_max" and self.max_s is None:
            raise ValueError("a countdown_max timer needs max_s")
        if self.mode == "counted" and self.count is None:
            raise ValueError("a counted timer needs count")
        if self.mode == "measure" and self.unit is None:
            raise ValueError("a measure timer needs unit")
        if self.mode == "rating" and not self.scale:
            raise ValueError("a rating timer needs scale")
        return self


class AfterQuestion(_Model):
    key: Key
    text: Text
    kind: QuestionKind
    choices: list[Choice] = []
    when: Text | None = None  # e.g. "contacts_kept=some": ask only after that answer

    @model_validator(mode="after")
    def _check(self) -> AfterQuestion:
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"question {self.key}: choices are needed for, and only for, kind 'choice'")
        return self


class MovementTestContent(_Model):
    id: TestIdStr
    title: Text
    measures: Text
    equipment: list[Text] = Field(min_length=1)
    steps: list[Text] = Field(min_length=1)
    safety: list[Text] = Field(min_length=1)
    stop_rules: list[Text]
    timer: TimerSpec
    trials: int = Field(ge=1, le=10)
    practice: int = Field(default=0, ge=0, le=3)
    sides: list[Literal["right", "left"]]
    skip_if: Text | None = None
    video_id: TestIdStr
    questions_after: list[AfterQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> MovementTestContent:
        if self.video_id != self.id:
            raise ValueError(f"{self.id}: video_id must equal the test id")
        keys = [q.key for q in self.questions_after]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.id}: question keys must be unique")
        return self


class MovementCommon(_Model):
    intro: Text
    before_each: Text
    stop_rules: list[Text] = Field(min_length=1)
    stopped_note: Text


class MovementTestsContent(_Model):
    version: Text
    order: list[TestIdStr]
    common: MovementCommon
    tests: list[MovementTestContent]

    @model_validator(mode="after")
    def _check(self) -> MovementTestsContent:
        ids = [t.id for t in self.tests]
        if len(set(ids)) != len(ids):
            raise ValueError("movement test ids must be unique")
        unknown = [i for i in self.order if i not in ids]
        if unknown:
            raise ValueError(f"order names unknown tests {unknown}")
        return self

    def test(self, test_id: str) -> MovementTestContent:
        for t in self.tests:
            if t.id == test_id:
                return t
        raise KeyError(test_id)


@lru_cache(maxsize=1)
def load_movement_tests() -> MovementTestsContent:
    return load_model("movement_tests.toml", MovementTestsContent)


# ---------------------------------------------------------------------------------------------------------------------
# Assessment wording
# ---------------------------------------------------------------------------------------------------------------------


def placeholders(template: str) -> set[str]:
    """Names of the ``{placeholders}`` of a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class AssessmentLabels(_Model):
    odi: dict[str, Text]  # patient-facing labels, 3.3 table
    odi_clinician: dict[str, Text]  # clinician export: clinician label (original term in brackets)
    nprs: dict[str, Text]
    pseq: dict[str, Text]
    start_back: dict[str, Text]
    hinge_grade: dict[str, Text]


class AssessmentMessages(_Model):
    version: Text
    messages: dict[str, Text]
    labels: AssessmentLabels
    verdicts: dict[str, Text]

    @model_validator(mode="after")
    def _check(self) -> AssessmentMessages:
        for key, template in {**self.messages, **self.verdicts}.items():
            try:
                placeholders(template)
            except ValueError as exc:
                raise ValueError(f"message {key!r} has a broken placeholder: {exc}") from None
        return self

    def render(self, code: str, params: Mapping[str, object] | None = None) -> str:
        """Words for a reason code, with its params filled in (side words in the current language)."""
        from backtrainer.i18n import _

        values = {k: _(SIDE_WORDS[v]) if isinstance(v, str) and v in SIDE_WORDS else v
                  for k, v in (params or {}).items()}
        return self.messages[code].format(**values)


# Values core puts into message params that are words, not numbers (e.g. {weaker_side}).
SIDE_WORDS = {"right": N_("right"), "left": N_("left")}


@lru_cache(maxsize=1)
def load_assessment_messages() -> AssessmentMessages:
    return load_model("messages/assessment.toml", AssessmentMessages)
