"""Patient-facing safety texts, read from content (ref 8.1, 8.2). Imported only by pages that show them."""

from __future__ import annotations

from dataclasses import dataclass

from backtrainer.content.safety import load_safety


@dataclass(frozen=True)
class Notice:
    title: str
    paragraphs: tuple[str, ...]
    accept_label: str
    exit_label: str


def first_run_notice() -> Notice:
    first = load_safety().first_run
    return Notice(first.title, tuple(first.paragraphs), first.accept_button, first.exit_button)


def standing_footer() -> str:
    return load_safety().footer.text
