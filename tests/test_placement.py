"""The main window's placement between runs: always inside the screen, whatever was saved (issue 16)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from backtrainer.placement import (
    DEFAULT_SIZE,
    FRAME_ALLOWANCE,
    Placement,
    Rect,
    fit,
    read_placement,
    save_placement,
)

LAPTOP = Rect(0, 0, 1366, 768)  # the clinics' lent laptops


def _inside(p: Placement, screen: Rect, frame: tuple[int, int] = FRAME_ALLOWANCE) -> bool:
    r = p.rect
    left, top = frame[0] // 2, frame[1] - frame[0] // 2
    return (r.x - left >= screen.x and r.y - top >= screen.y and r.right + frame[0] - left <= screen.right
            and r.bottom + frame[1] - top <= screen.bottom)


def test_default_fits_a_768_px_screen_with_its_title_bar() -> None:
    p = fit(None, [LAPTOP])
    assert p.rect.height + FRAME_ALLOWANCE[1] <= 768  # 780 + title bar was taller than the screen
    assert p.rect.width == DEFAULT_SIZE[0]
    assert _inside(p, LAPTOP)


def test_default_on_a_big_screen_is_the_default_size_centred() -> None:
    big = Rect(0, 0, 1920, 1080)
    p = fit(None, [big])
    assert (p.rect.width, p.rect.height) == DEFAULT_SIZE
    assert abs((p.rect.x + p.rect.width / 2) - 960) < 20


def test_saved_placement_is_kept_when_it_fits() -> None:
    saved = Placement(Rect(100, 80, 1000, 650))
    assert fit(saved, [LAPTOP]) == saved


def test_saved_larger_than_the_screen_is_shrunk_and_moved_inside() -> None:
    saved = Placement(Rect(-300, -50, 2560, 1400), maximized=True)
    p = fit(saved, [LAPTOP])
    assert _inside(p, LAPTOP)
    assert p.maximized


def test_saved_on_a_screen_that_is_gone_comes_back_to_the_primary() -> None:
    saved = Placement(Rect(2000, 100, 1000, 700))  # on a clinic monitor that is no longer plugged in
    p = fit(saved, [LAPTOP])
    assert _inside(p, LAPTOP)


def test_saved_on_the_second_screen_stays_there() -> None:
    second = Rect(1366, 0, 1920, 1080)
    saved = Placement(Rect(1500, 100, 1200, 800))
    assert fit(saved, [LAPTOP, second]) == saved


@given(x=st.integers(-5000, 5000), y=st.integers(-5000, 5000), w=st.integers(1, 8000), h=st.integers(1, 8000))
def test_any_saved_placement_ends_inside_the_screen(x: int, y: int, w: int, h: int) -> None:
    p = fit(Placement(Rect(x, y, w, h)), [LAPTOP])
    assert _inside(p, LAPTOP)


def test_a_tiny_screen_lowers_the_minimum_instead_of_overflowing() -> None:
    small = Rect(0, 0, 800, 600)
    p = fit(None, [small])
    assert _inside(p, small)


def test_round_trip_and_damaged_files(tmp_path: Path) -> None:
    path = tmp_path / "window.toml"
    assert read_placement(path) is None
    saved = Placement(Rect(10, 20, 1000, 700), maximized=True)
    save_placement(path, saved)
    assert read_placement(path) == saved
    for text in ("x = 1\n", "not toml [", 'x = "a"\ny = 1\nwidth = 2\nheight = 3\n', "x=1\ny=1\nwidth=0\nheight=5\n",
                 "x=true\ny=1\nwidth=10\nheight=5\n"):
        path.write_text(text, encoding="utf-8")
        assert read_placement(path) is None
    assert path.exists()  # a damaged placement is only ignored, never deleted


def test_saving_into_a_wiped_data_dir_does_nothing(tmp_path: Path) -> None:
    save_placement(tmp_path / "gone" / "window.toml", Placement(Rect(0, 0, 900, 620)))
    assert not (tmp_path / "gone").exists()
