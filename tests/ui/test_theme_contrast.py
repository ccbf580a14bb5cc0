"""Every text colour of every theme reaches WCAG 2 AA contrast (4.5:1) on the grounds it is drawn on."""

from __future__ import annotations

import pytest

from backtrainer.ui.theme import THEMES, Theme

TEXT_ON_GROUND = (
    ("text", "window"), ("text", "surface"), ("text", "surface_alt"), ("text", "danger_bg"), ("text", "warning_bg"),
    ("text", "ok_bg"), ("text_muted", "window"), ("text_muted", "surface"), ("text_muted", "surface_alt"),
    ("primary_text", "primary"), ("primary_text", "primary_hover"), ("nav_text", "nav_bg"),
    ("nav_selected_text", "nav_selected_bg"), ("danger", "window"), ("danger", "surface"), ("danger", "danger_bg"),
    ("accent", "surface"), ("primary", "surface"),
)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two "#RRGGBB" colours."""

    def luminance(colour: str) -> float:
        r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
        r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in (r, g, b))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES.values(), ids=THEMES.keys())
def test_text_colours_reach_aa(theme: Theme) -> None:
    low = [(fg, bg, round(contrast_ratio(getattr(theme, fg), getattr(theme, bg)), 2)) for fg, bg in TEXT_ON_GROUND
           if contrast_ratio(getattr(theme, fg), getattr(theme, bg)) < 4.5]
    assert low == []


@pytest.mark.parametrize("name", THEMES.keys())
def test_calendar_marks_stand_out_on_their_cells(qapp: object, name: str) -> None:
    """The dot (started) and cross (missed) inside a session-calendar cell reach 4.5:1 on the cell's colour in
    every theme (the dark theme drew light crosses on orange, about 2:1)."""
    from backtrainer.ui.widgets.chart_view import colours_for, ink_on

    colours = colours_for(name)
    for fill in (colours.partial, colours.missed):
        ink = ink_on(fill)
        assert contrast_ratio(ink.name(), fill.name()) >= 4.5, (name, fill.name(), ink.name())
    if name == "dark":  # what it replaced: the theme's light text colour on the orange cell
        assert contrast_ratio(colours.text.name(), colours.missed.name()) < 3
