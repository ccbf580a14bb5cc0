"""Safety wording of ref 8 (``safety.toml``): kept apart so the first-run notice loads few models."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from pydantic import Field, model_validator

from backtrainer.content.base import Text, _check_slots, _Model, _unique, placeholders
from backtrainer.content.loader import load_model


class FirstRun(_Model):
    title: Text
    paragraphs: tuple[str, ...] = Field(min_length=1)
    accept_button: Text
    exit_button: Text


class Footer(_Model):
    text: Text
    new_symptom_button: Text


# The triggers that ref 8.3's "problem with the nerves at the bottom of the spine" describes: cauda equina and
# progressive neurological signs (RF01-RF05, ref 1.2) and the body map's saddle and both-legs areas (BM01, BM02).
NERVE_SIGNS = frozenset({"RF01", "RF02", "RF03", "RF04", "RF05", "BM01", "BM02"})


class EmergencyScreen(_Model):
    title: Text
    body: Text  # ref 8.3's text, for nerve signs only
    # Any other trigger (a serious fall, chest pain, a fever beside a nerve sign): the same first sentence without
    # naming the nerves, so two unrelated triggers are not explained as one (issue 20 item 1).
    body_other: Text
    actions: tuple[str, ...] = Field(min_length=1)
    print_button: Text
    checked_button: Text

    @model_validator(mode="after")
    def _slots(self) -> EmergencyScreen:
        allowed = {"summary", "emergency_number"}
        for i, text in enumerate((self.title, self.body, self.body_other, *self.actions)):
            _check_slots(text, allowed, f"emergency text {i}")
        if "summary" not in placeholders(self.body) or "summary" not in placeholders(self.body_other):
            raise ValueError("emergency body must contain {summary}")
        if not any("emergency_number" in placeholders(a) for a in self.actions):
            raise ValueError("an emergency action must contain {emergency_number}")
        return self


    def body_for(self, codes: Iterable[str], summary: str) -> str:
        """The first sentences for these triggers: ref 8.3's nerve text only when every trigger is a nerve sign."""
        codes = tuple(codes)
        nerves = bool(codes) and all(c in NERVE_SIGNS for c in codes)
        return (self.body if nerves else self.body_other).format(summary=summary)


class ClinicianSoon(_Model):
    title: Text
    body: Text
    same_day: Text
    print_button: Text

    @model_validator(mode="after")
    def _slots(self) -> ClinicianSoon:
        for text in (self.title, self.body, self.same_day):
            _check_slots(text, {"summary"}, "clinician_soon")
        if "summary" not in placeholders(self.body):
            raise ValueError("clinician_soon body must contain {summary}")
        return self


class Caution(_Model):
    title: Text
    body: Text

    @model_validator(mode="after")
    def _slots(self) -> Caution:
        _check_slots(self.title, set(), "caution title")
        _check_slots(self.body, {"change"}, "caution body")
        if "change" not in placeholders(self.body):
            raise ValueError("caution body must contain {change}")
        return self


class Distress(_Model):
    text: Text

    @model_validator(mode="after")
    def _slots(self) -> Distress:
        _check_slots(self.text, {"crisis_line"}, "distress")
        return self


class TextBlock(_Model):
    text: Text


class TitledText(_Model):
    title: Text
    text: Text


class EmergencyNumber(_Model):
    code: Text
    label: Text
    number: str = Field(pattern=r"^\d{3}$")


class SafetyContent(_Model):
    version: int = Field(ge=1)
    source: Text
    first_run: FirstRun
    footer: Footer
    emergency: EmergencyScreen
    clinician_soon: ClinicianSoon
    caution: Caution
    distress: Distress
    medicines: TextBlock
    not_eligible: TitledText
    emergency_numbers: tuple[EmergencyNumber, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _plain(self) -> SafetyContent:
        _unique([n.code for n in self.emergency_numbers], "emergency number")
        plain = (*self.first_run.paragraphs, self.first_run.title, self.footer.text, self.medicines.text,
                 self.not_eligible.title, self.not_eligible.text)
        for text in plain:
            _check_slots(text, set(), "safety text without slots")
        return self

    def emergency_number(self, code: str) -> str:
        for n in self.emergency_numbers:
            if n.code == code:
                return n.number
        raise KeyError(code)


# --- messages/screening.toml --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_safety() -> SafetyContent:
    return load_model("safety.toml", SafetyContent)
