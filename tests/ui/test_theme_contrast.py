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
