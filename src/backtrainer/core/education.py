"""Which education topic to show next (clinical reference section 7 schedule [PD])."""

from __future__ import annotations

from collections.abc import Sequence


def next_topic(
    all_topics: Sequence[str],
    seen: Sequence[str],
    *,
    first_session: Sequence[str],
    fear_early: Sequence[str] = (),
    fear: bool = False,
    flare_started: bool = False,
    on_flare: str | None = None,
    week1_extra: Sequence[str] = (),
) -> str | None:
    """The topic to show today, or None when every topic has been seen.

    Ref 7 [PD]: topics 1-3 in the first session; one new topic per session after that; topics 2, 5 and 8 early
    when the FEAR modifier is on (ref 6.9); topic 11 whenever a flare starts (ref 6.7), even if seen before.
    ``week1_extra`` holds topics a movement test scheduled for week 1 (ED-08 after a feared bend, ref 4.5).
    """
    if flare_started and on_flare:
        return on_flare  # ED-11 at every flare start (ref 6.7)
    done = set(seen)
    order: list[str] = []
    if fear:
        order.extend(fear_early)  # FEAR: topics 2, 5, 8 early (ref 6.9)
    order.extend(first_session)
    order.extend(week1_extra)
    order.extend(all_topics)
    for topic in order:
        if topic not in done and topic in all_topics:
            return topic
    return None


def first_session_topics(first_session: Sequence[str], fear_early: Sequence[str], fear: bool) -> tuple[str, ...]:
    """The three topics of the first session (ref 7: topics 1-3; FEAR puts 2, 5, 8 first)."""
    order = [*fear_early, *first_session] if fear else list(first_session)
    out: list[str] = []
    for topic in order:
        if topic not in out:
            out.append(topic)
    return tuple(out[: len(first_session)])
