"""Matplotlib drawing of the progress series, shared by the Progress page (Agg images) and the PDF report.

Qt-free: the page's charts are drawn with the Agg canvas into RGBA buffers on the worker thread
(:func:`render_chart`), the report's with the PDF backend. matplotlib is imported lazily, never at start-up: the
shell warms it up on a thread of its own when the person points at the Progress button or tabs to it
(:func:`warm_up`). Colours are the Okabe-Ito
colour-blind-safe palette, and no meaning rests on colour alone: lines differ in style, markers in shape, and
flare-ups and nerve-type symptoms are hatched.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from backtrainer.core import charts
from backtrainer.core.bodymap import REGIONS
from backtrainer.i18n import N_, _, decimal

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                              "#000000")
LINESTYLES: tuple[Any, ...] = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1)))
ACTION_MARKERS: Mapping[str, str] = {"PROGRESS": "^", "REGRESS_STEP": "v", "REGRESS_LEVEL": "v", "DELOAD": "s",
                                     "PAUSE": "D", "LOCK": "P", "FLARE": "X"}


@dataclass(frozen=True)
class Style:
    """Colours and text size of a drawing (the page maps its theme here; the report uses :data:`PRINT`)."""

    background: str = "#FFFFFF"
    text: str = "#1B2631"
    muted: str = "#4A5866"
    grid: str = "#D5DDE4"
    band: str = "#EEF3F6"
    band_alt: str = "#FFFFFF"
    font_size: float = 9.0
    palette: tuple[str, ...] = OKABE_ITO
    done: str = "#0072B2"
    partial: str = "#56B4E9"
    missed: str = "#E69F00"
    rest: str = "#E8EDF1"
    outside: str = "#FFFFFF"
    flare: str = "#D55E00"
    body: str = "#E3E8EC"
    body_edge: str = "#8A97A3"
    symptom: str = "#D55E00"


PRINT = Style()

_warm = False
_warm_lock = threading.Lock()


def warm_up() -> None:
    """Import the GUI-free part of matplotlib used for drawing and the modules that work out the series, and draw one
    tiny text (font cache, Agg), so the first chart the person opens costs only its own reading and drawing.
    Any thread but the GUI thread; a call while another is warming up waits for it, a later one returns at once.

    Then move every object alive so far (modules, classes, Qt wrappers: hardly ever garbage) out of the cyclic
    collector's reach with gc.freeze(): a full collection otherwise walked the whole heap for 60-90 ms while holding
    the GIL, and drawing charts allocates enough to trigger one every few range switches (the GUI thread froze)."""
    global _warm
    with _warm_lock:
        if _warm:
            return
        import gc

        import matplotlib.collections
        import matplotlib.dates
        import matplotlib.patches  # noqa: F401

        import backtrainer.content.education
        import backtrainer.services.progress  # noqa: F401  (the series and the words of the charts)

        fig = new_figure(40, 20, 1.0, PRINT.background)
        fig.text(0.1, 0.1, "0", fontsize=PRINT.font_size)
        fig.canvas.draw()
        del fig  # not frozen with the rest
        _warm = True
        gc.freeze()


def style_for(theme: str, font_size: float, *, background: str, text: str, muted: str, border: str,
              surface_alt: str) -> Style:
    """A style for the app's theme; dark and high-contrast themes get lighter marks on dark ground."""
    if theme == "light":
        return Style(background=background, text=text, muted=muted, grid=border, band=surface_alt,
                     band_alt=background, font_size=font_size)
    bright = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#FF8A5B", "#FFFFFF", "#BBBBBB")
    if theme == "high_contrast":
        bright = ("#00FFFF", "#FFFF00", "#00FF7F", "#FF80FF", "#FFFFFF", "#FF9933", "#FFFFFF", "#BBBBBB")
    return Style(background=background, text=text, muted=muted, grid=border, band=surface_alt,
                 band_alt=background, font_size=font_size, palette=bright, done=bright[0], partial="#2F6F8F",
                 missed=bright[1], rest=surface_alt, outside=background, flare=bright[5], body=surface_alt,
                 body_edge=muted, symptom=bright[5])


# Month names (the same msgids as backtrainer.i18n): the first three letters of the translated name are the usual
# abbreviation in English and in Spanish ("Nov", "nov").
_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
           N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def month_abbr(month: int) -> str:
    return _(_MONTHS[month - 1])[:3]


def date_label(day: date) -> str:
    """"09 Mar 2026" in the current language (charts, tables and the report; never the system locale)."""
    return _("{day} {mon} {year}").format(day=f"{day.day:02d}", mon=month_abbr(day.month), year=day.year)


def tick_day(day: date) -> str:
    """"09 Mar": a date-axis tick."""
    return _("{day} {mon}").format(day=f"{day.day:02d}", mon=month_abbr(day.month))


def tick_month(day: date, *, short_year: bool = False) -> str:
    """"Mar 2026" (or "Mar 26"): a date-axis tick."""
    year = f"{day.year % 100:02d}" if short_year else str(day.year)
    return _("{mon} {year}").format(mon=month_abbr(day.month), year=year)


def _dt(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _base(ax: Any, style: Style) -> None:
    ax.set_facecolor(style.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.muted)
    ax.tick_params(colors=style.text, labelsize=style.font_size * 0.9, length=3)
    ax.grid(True, axis="y", color=style.grid, linewidth=0.6)
    ax.set_axisbelow(True)


def _date_axis(ax: Any, start: date, end: date, style: Style) -> None:
    import matplotlib.dates
    import matplotlib.ticker

    mdates: Any = matplotlib.dates
    span = (end - start).days
    ax.set_xlim(_dt(start) - timedelta(hours=12), _dt(end) + timedelta(hours=12))

    def by_day(value: float, _pos: int | None = None) -> str:
        return tick_day(mdates.num2date(value).date())

    def by_month(value: float, _pos: int | None = None) -> str:
        return tick_month(mdates.num2date(value).date())

    if span <= 35:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=7 if span > 10 else 1))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(by_day))
    elif span <= 120:
        ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=0, interval=2))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(by_day))
    elif span <= 500:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=2))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(by_month))
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(by_month))
    # The limits are fixed: find the ticks once (a date locator runs dateutil's rrule every time it is asked, and
    # matplotlib asks several times per drawing).
    ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ax.xaxis.get_major_locator()()))


def _legend(ax: Any, style: Style, ncol: int = 4, **kw: Any) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    leg = ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 1.01), ncol=ncol, frameon=False,
                    fontsize=style.font_size * 0.9, labelcolor=style.text, handlelength=2.4, borderaxespad=0, **kw)
    leg.set_in_layout(True)


# ---------------------------------------------------------------------------------------------------------------------
# Pain trend
# ---------------------------------------------------------------------------------------------------------------------


def draw_pain(ax: Any, pain: charts.PainSeries, style: Style) -> None:
    """Daily morning pain (dots), its 7-day mean (line), leg pain (dashed), flare-ups (hatched), baseline and MCID."""
    _base(ax, style)
    days = list(pain.days)
    if not days:
        return
    pal = style.palette
    long_range = len(days) > 120
    for i, span in enumerate(pain.flares):
        ax.axvspan(_dt(span.start) - timedelta(hours=12), _dt(span.end) + timedelta(hours=12), facecolor=style.flare,
                   alpha=0.13, hatch="///", edgecolor=style.flare, linewidth=0, label=_("Flare-up") if i == 0 else None)
    pts = [(d, v) for d, v in zip(days, pain.morning) if v is not None]
    if pts:
        ax.plot([d for d, _ in pts], [v for _, v in pts], linestyle="none", marker="o",
                markersize=2.2 if long_range else 4, color=pal[4] if style.palette is OKABE_ITO else pal[0],
                alpha=0.55 if long_range else 0.9, label=_("Morning pain"))
    ax.plot(days, [float("nan") if v is None else v for v in pain.mean7], color=pal[0], linewidth=2.2,
            label=_("7-day average"))
    if pain.leg is not None and any(v is not None for v in pain.leg):
        leg_vals = list(pain.leg)
        if long_range:
            leg_mean = charts.rolling_mean(leg_vals)
            ax.plot(days, [float("nan") if v is None else v for v in leg_mean], color=pal[1], linewidth=1.6,
                    linestyle="--", label=_("Leg pain (7-day average)"))
        else:
            ax.plot(days, [float("nan") if v is None else v for v in leg_vals], color=pal[1], linewidth=1.4,
                    linestyle="--", marker="s", markersize=3, label=_("Leg pain"))
    if pain.baseline is not None:
        ax.axhline(pain.baseline, color=style.muted, linewidth=1.2, linestyle=(0, (4, 3)),
                   label=_("Start ({value})").format(value=decimal(pain.baseline, 1)))
    if pain.mcid_line is not None:
        ax.axhline(pain.mcid_line, color=pal[2], linewidth=1.4, linestyle="-.",
                   label=_("Real change ({value})").format(value=decimal(pain.mcid_line, 1)))
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks([0, 2, 4, 6, 8, 10])
    ax.set_ylabel(_("Pain (0-10)"), color=style.text, fontsize=style.font_size)
    _date_axis(ax, days[0], days[-1], style)
    _legend(ax, style, ncol=3)


# ---------------------------------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------------------------------


def draw_outcome(ax: Any, series: charts.OutcomeSeries, style: Style, *, title: str, start: date, end: date,
                 band_labels: Mapping[str, str] | None = None) -> None:
    """One questionnaire over time with its bands (alternating shades, labelled), baseline and MCID line."""
    _base(ax, style)
    lo, hi = series.score_range
    for i, band in enumerate(series.bands):
        ax.axhspan(band.low, band.high, facecolor=style.band if i % 2 == 0 else style.band_alt, linewidth=0)
        label = (band_labels or {}).get(band.key)
        if label:
            ax.text(1.005, (band.low + band.high) / 2, label, transform=ax.get_yaxis_transform(), va="center",
                    ha="left", fontsize=style.font_size * 0.72, color=style.muted, clip_on=False)
    pal = style.palette
    if series.baseline is not None:
        base = series.baseline
        ax.axhline(base, color=style.muted, linewidth=1.1, linestyle=(0, (4, 3)),
                   label=_("Start ({value})").format(value=decimal(base, 1, trim=True)))
    if series.mcid_line is not None:
        ax.axhline(series.mcid_line, color=pal[2], linewidth=1.3, linestyle="-.", label=_("Real change"))
    if series.days:
        ax.plot(list(series.days), list(series.scores), color=pal[0], linewidth=1.8, marker="o", markersize=4.5,
                label=_("Score"))
    ax.set_ylim(lo - (hi - lo) * 0.03, hi + (hi - lo) * 0.03)
    heading = (_("{title} (higher is better)") if series.higher_is_better else _("{title} (lower is better)")).format(
        title=title)
    # y given: the title sits just above the axes without matplotlib measuring the tick labels to place it.
    ax.set_title(heading, loc="left", fontsize=style.font_size, color=style.text, y=1.0)
    _date_axis(ax, start, end, style)


# ---------------------------------------------------------------------------------------------------------------------
# Adherence
# ---------------------------------------------------------------------------------------------------------------------

_STATE_ORDER = (charts.CellState.OUTSIDE, charts.CellState.REST, charts.CellState.MISSED, charts.CellState.PARTIAL,
                charts.CellState.DONE)


def draw_adherence(ax: Any, ax_weeks: Any, adh: charts.AdherenceSeries, style: Style) -> None:
    """Calendar heat map (weeks across, Monday to Sunday down) and the weekly percentage below it.

    Shades plus marks: done = dark cell, started but not finished = mid cell with a dot, missed = light cell with
    a cross, so the meaning does not rest on colour."""
    import matplotlib.colors as mcolors
    import numpy as np

    weeks = len(adh.week_starts)
    grid = np.zeros((7, max(weeks, 1)))
    index = {s: i for i, s in enumerate(_STATE_ORDER)}
    marks: dict[charts.CellState, tuple[list[int], list[int]]] = {charts.CellState.PARTIAL: ([], []),
                                                                 charts.CellState.MISSED: ([], [])}
    for c in adh.cells:
        grid[c.weekday, c.week] = index[c.state]
        if c.state in marks:
            marks[c.state][0].append(c.week)
            marks[c.state][1].append(c.weekday)
    colours = [style.outside, style.rest, style.missed, style.partial, style.done]
    cmap = mcolors.ListedColormap(colours)
    ax.set_facecolor(style.background)
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(colours) - 0.5, aspect="auto", interpolation="nearest",
              extent=(-0.5, weeks - 0.5, 6.5, -0.5))
    if weeks <= 30:  # cell borders only when cells are big enough to see them
        ax.set_xticks(np.arange(-0.5, weeks, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, 7, 1), minor=True)
        ax.grid(which="minor", color=style.background, linewidth=1.5)
        ax.tick_params(which="minor", length=0)
    size = 14 if weeks <= 16 else 8 if weeks <= 60 else 3
    xs, ys = marks[charts.CellState.PARTIAL]
    if xs:
        ax.scatter(xs, ys, s=size, marker="o", color=style.text, linewidths=0)
    xs, ys = marks[charts.CellState.MISSED]
    if xs:
        ax.scatter(xs, ys, s=size * 1.3, marker="x", color=style.text, linewidths=0.8)
    ax.set_yticks(range(7))
    ax.set_yticklabels([_("Mon"), "", _("Wed"), "", _("Fri"), "", _("Sun")])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=style.text, labelsize=style.font_size * 0.85, length=0)
    step = max(1, weeks // 12)
    ticks = list(range(0, weeks, step))
    ax.set_xticks(ticks)
    ax.set_xticklabels([tick_day(adh.week_starts[i]) if weeks <= 26 else tick_month(adh.week_starts[i], short_year=True)
                        for i in ticks])
    ax.set_xlim(-0.5, weeks - 0.5)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=style.done, label=_("Done")), Patch(facecolor=style.partial, label=_("Started (dot)")),
               Patch(facecolor=style.missed, label=_("Missed (cross)")),
               Patch(facecolor=style.rest, label=_("Rest day"), edgecolor=style.grid)]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=4, frameon=False,
              fontsize=style.font_size * 0.88, labelcolor=style.text, borderaxespad=0)
    if ax_weeks is None:
        return
    _base(ax_weeks, style)
    from matplotlib.collections import PolyCollection

    # One collection, not a Rectangle artist per week (three years of bars cost more than the rest of the chart).
    half = (0.8 if weeks <= 60 else 1.0) / 2
    bars = [((i - half, 0.0), (i - half, p), (i + half, p), (i + half, 0.0)) for i, p in enumerate(adh.weekly_pct)
            if p is not None]
    if bars:
        ax_weeks.add_collection(PolyCollection(bars, facecolors=style.palette[0], linewidths=0))
    ax_weeks.set_xlim(-0.5, weeks - 0.5)
    ax_weeks.set_ylim(0, 105)
    ax_weeks.set_yticks([0, 50, 100])
    ax_weeks.set_yticklabels(["0%", "50%", "100%"])
    ax_weeks.set_xticks([])
    ax_weeks.set_ylabel(_("Week"), color=style.text, fontsize=style.font_size * 0.9)


# ---------------------------------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------------------------------


def load_offsets(load: charts.LoadSeries) -> dict[str, float]:
    """The small vertical offset of each chain's path (keeps identical paths from hiding each other)."""
    n = max(1, len(load.chains))
    return {path.chain: (i - (n - 1) / 2) * 0.025 for i, path in enumerate(load.chains)}


def _marker_groups(path: charts.ChainPath) -> dict[str, list[charts.DecisionMarker]]:
    """A chain's decision markers by action (one plot call, one marker shape each), in order of first use."""
    groups: dict[str, list[charts.DecisionMarker]] = {}
    for m in path.markers:
        groups.setdefault(m.action, []).append(m)
    return groups


def drawn_markers(load: charts.LoadSeries) -> list[tuple[str, charts.DecisionMarker]]:
    """The load chart's markers in the order :func:`draw_load` draws them (the order of its hotspots)."""
    return [(path.chain, m) for path in load.chains for ms in _marker_groups(path).values() for m in ms]


def draw_load(ax: Any, load: charts.LoadSeries, style: Style, *, start: date, end: date,
              names: Mapping[str, str] | None = None) -> list[tuple[str, charts.DecisionMarker]]:
    """Level/step path per chain (a different colour and line style each) with decision markers (shape = action).

    Returns the markers in drawing order, for hover and click lookups."""
    _base(ax, style)
    out: list[tuple[str, charts.DecisionMarker]] = []
    pal = style.palette
    offsets = load_offsets(load)
    for i, path in enumerate(load.chains):
        colour = pal[i % len(pal)]
        off = offsets[path.chain]
        label = (names or {}).get(path.chain, path.chain)
        ax.step(list(path.days), [y + off for y in path.y], where="post", color=colour,
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.8, label=f"{path.chain}: {label}")
        for action, ms in _marker_groups(path).items():
            ax.plot([m.day for m in ms], [m.y + off for m in ms], linestyle="none",
                    marker=ACTION_MARKERS.get(action, "o"), markersize=6.5, color=colour,
                    markeredgecolor=style.text, markeredgewidth=0.6)
            out.extend((path.chain, m) for m in ms)
    top = load.max_level + 1
    ax.set_ylim(0.85, top + 0.05)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels([_("Level {level}").format(level=lv) for lv in range(1, top + 1)])
    _date_axis(ax, start, end, style)
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    for action, words in (("PROGRESS", _("moved up")), ("REGRESS_STEP", _("stepped back")),
                          ("DELOAD", _("eased back"))):
        handles.append(Line2D([], [], linestyle="none", marker=ACTION_MARKERS[action], color=style.muted,
                              markeredgecolor=style.text, markersize=6))
        labels.append(words)
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 1.01), ncol=3, frameon=False,
              fontsize=style.font_size * 0.82, labelcolor=style.text, borderaxespad=0, handlelength=2.6)
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Body maps (a schematic back-view figure: regions grouped by body segment and side)
# ---------------------------------------------------------------------------------------------------------------------

# (x, y, width, height) in a 100 x 200 box, y downwards; the user's left is on the viewer's left (back view).
_BOX: Mapping[tuple[str, str], tuple[float, float, float, float]] = {
    ("upper", "C"): (38, 4, 24, 24),  # head and neck
    ("upper", "L"): (10, 34, 16, 52),  # shoulder and arm
    ("upper", "R"): (74, 34, 16, 52),
    ("thoracic", "C"): (28, 32, 44, 28),
    ("trunk_front", "C"): (28, 60, 44, 10),
    ("lumbar", "L"): (28, 70, 14, 20),
    ("lumbar", "C"): (42, 70, 16, 20),
    ("lumbar", "R"): (58, 70, 14, 20),
    ("buttock", "L"): (28, 90, 22, 16),
    ("buttock", "R"): (50, 90, 22, 16),
    ("groin", "L"): (28, 90, 22, 16),
    ("groin", "R"): (50, 90, 22, 16),
    ("saddle", "C"): (45, 100, 10, 8),
    ("thigh", "L"): (30, 106, 18, 34),
    ("thigh", "R"): (52, 106, 18, 34),
    ("knee", "L"): (31, 140, 16, 10),
    ("knee", "R"): (53, 140, 16, 10),
    ("below_knee", "L"): (32, 150, 14, 34),
    ("below_knee", "R"): (54, 150, 14, 34),
    ("foot", "L"): (30, 184, 18, 10),
    ("foot", "R"): (52, 184, 18, 10),
}
_MOVEMENT_WORDS: Mapping[str, str] = {"first": N_("first map"), "up": N_("moved up (good)"),
                                      "down": N_("reached further down"), "same": N_("about the same")}


def _segment_key(region_id: str) -> tuple[str, str]:
    spec = REGIONS[region_id]
    side = spec.side if (spec.segment, spec.side) in _BOX else "C"
    if (spec.segment, side) not in _BOX:
        side = "L" if spec.side == "L" else "R"
    return spec.segment, side


def _body_patches(panel: charts.BodyMapPanel, dx: float) -> tuple[list[Any], list[Any], list[float], list[bool]]:
    from matplotlib.patches import FancyBboxPatch

    strongest: dict[tuple[str, str], tuple[int, bool]] = {}
    for rid, intensity, neuro in panel.regions:
        key = _segment_key(rid)
        value, had = strongest.get(key, (0, False))
        strongest[key] = (max(value, intensity if intensity is not None else 5), had or neuro)
    base: list[Any] = []
    seen: set[tuple[float, float, float, float]] = set()
    for key, box in _BOX.items():
        if box in seen or key[0] in ("groin", "saddle", "trunk_front"):
            continue
        seen.add(box)
        x, y, w, h = box
        base.append(FancyBboxPatch((dx + x + 1, y + 1), w - 2, h - 2, boxstyle="round,pad=0,rounding_size=5"))
    marked: list[Any] = []
    alphas: list[float] = []
    neuro_flags: list[bool] = []
    for key, (value, neuro) in strongest.items():
        x, y, w, h = _BOX[key]
        marked.append(FancyBboxPatch((dx + x + 1, y + 1), w - 2, h - 2, boxstyle="round,pad=0,rounding_size=5"))
        alphas.append(0.25 + 0.75 * min(10, max(0, value)) / 10)
        neuro_flags.append(neuro)
    return base, marked, alphas, neuro_flags


def draw_body_maps(ax: Any, series: charts.BodyMapSeries, style: Style, *, slots: int | None = None) -> None:
    """Small multiples in ONE axes (one axes per figure was the slow part): each panel is a schematic back view,
    each body part shaded by the strongest intensity marked there; dotted hatching marks nerve-type symptoms
    (burning, pins and needles, numbness, shooting). Captions give the date and the movement of the distal-most
    leg segment since the map before (centralisation = moved up)."""
    import matplotlib.colors as mcolors
    from matplotlib.collections import PatchCollection

    n = max(slots or len(series.panels), len(series.panels), 1)
    width = 130.0
    ax.set_xlim(-15, n * width - 15)
    ax.set_ylim(205, -38)
    ax.set_aspect("equal")
    ax.axis("off")
    base_all: list[Any] = []
    marked_all: list[Any] = []
    colours: list[Any] = []
    hatched: list[Any] = []
    symptom = mcolors.to_rgb(style.symptom)
    for i, panel in enumerate(series.panels):
        dx = i * width
        base, marked, alphas, neuro = _body_patches(panel, dx)
        base_all.extend(base)
        marked_all.extend(marked)
        colours.extend((*symptom, a) for a in alphas)
        hatched.extend(p for p, flag in zip(marked, neuro) if flag)
        words = _MOVEMENT_WORDS.get(panel.movement)
        ax.text(dx + 50, -6, f"{date_label(panel.day)}\n{_(words) if words else ''}", ha="center",
                va="bottom", fontsize=style.font_size * 0.85, color=style.text, linespacing=1.3)
        ax.text(dx + 6, 203, _("L"), fontsize=style.font_size * 0.75, color=style.muted, ha="left", va="bottom")
        ax.text(dx + 94, 203, _("R"), fontsize=style.font_size * 0.75, color=style.muted, ha="right", va="bottom")
    ax.add_collection(PatchCollection(base_all, facecolor=style.body, edgecolor=style.body_edge, linewidth=0.7))
    if marked_all:
        ax.add_collection(PatchCollection(marked_all, facecolor=colours, edgecolor=style.text, linewidth=0.9))
    if hatched:
        import copy

        ax.add_collection(PatchCollection([copy.copy(p) for p in hatched], facecolor="none", edgecolor=style.text,
                                          linewidth=0, hatch="...."))


# ---------------------------------------------------------------------------------------------------------------------
# Rendering to images (the Progress page: drawn off the GUI thread with the Agg backend, shown as pixmaps)
# ---------------------------------------------------------------------------------------------------------------------

# Base heights in pixels at the default text size (the outcome height is per questionnaire).
CHART_HEIGHTS: Mapping[str, int] = {"pain": 300, "outcomes": 190, "adherence": 250, "load": 330, "body_maps": 250}
CHART_ORDER: tuple[str, ...] = ("pain", "outcomes", "adherence", "load", "body_maps")


@dataclass(frozen=True)
class Hotspot:
    """A point of a rendered chart that explains itself (a decision marker): logical pixels from the top left."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class RenderedChart:
    """One chart drawn into an RGBA buffer (``pixel_width`` x ``pixel_height``, rows top-down, 4 bytes a pixel)
    for a widget ``width`` x ``height`` logical pixels on a screen with device pixel ratio ``ratio``."""

    kind: str
    rgba: bytes
    width: int
    height: int
    ratio: float
    pixel_width: int
    pixel_height: int
    hotspots: tuple[Hotspot, ...] = ()
    markers: tuple[tuple[str, charts.DecisionMarker], ...] = ()


def chart_scale(style: Style) -> tuple[float, float]:
    """(height scale, margin scale) for the style's text size (charts grow with larger text)."""
    px = style.font_size / 9.35
    return max(1.0, px), px


def chart_height(kind: str, style: Style, rows: int = 1) -> int:
    """The height in logical pixels of one page chart (``rows`` questionnaires for the outcome chart)."""
    scale, _px = chart_scale(style)
    return int(CHART_HEIGHTS[kind] * scale * max(1, rows))


def new_figure(width: int, height: int, ratio: float, background: str) -> Any:
    """A matplotlib Figure with an Agg canvas, ``width`` x ``height`` logical pixels drawn at ``ratio``.

    Object-oriented API only (no pyplot, no GUI backend): safe to use on a worker thread."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / 100, height / 100), dpi=100 * ratio, facecolor=background)
    FigureCanvasAgg(fig)
    return fig


def fixed_margins(fig: Any, width: float, height: float, margins: tuple[int, int, int, int], hspace_px: int = 0,
                  rows: int = 1) -> None:
    """Margins fixed in pixels (left, right, top, bottom) and ``hspace_px`` between rows.

    Fixed margins instead of matplotlib's constrained layout: the layout solver cost more than the drawing."""
    if width < 50 or height < 50:
        return
    left, right, top, bottom = margins
    rows = max(1, rows)
    inner = max(1.0, height - top - bottom)
    hspace = (hspace_px * rows / max(1.0, inner - hspace_px * (rows - 1))) if hspace_px else 0.2
    fig.subplots_adjust(left=min(0.4, left / width), right=max(0.6, 1 - right / width),
                        top=max(0.5, 1 - top / height), bottom=min(0.4, bottom / height), hspace=hspace,
                        wspace=0.15)


def _finish(kind: str, fig: Any, width: int, height: int, ratio: float, hotspot_axes: Any = None,
            markers: Sequence[tuple[str, charts.DecisionMarker, float]] = (),
            texts: Sequence[str] = ()) -> RenderedChart:
    canvas = fig.canvas
    canvas.draw()
    pw, ph = canvas.get_width_height(physical=True)
    rgba = bytes(memoryview(canvas.buffer_rgba()))
    hotspots: list[Hotspot] = []
    if hotspot_axes is not None and markers:
        import matplotlib.dates

        mdates: Any = matplotlib.dates
        pts = [(mdates.date2num(_dt(m.day)), y) for _chain, m, y in markers]
        for (x, y), text in zip(hotspot_axes.transData.transform(pts), texts):
            hotspots.append(Hotspot(float(x) / ratio, height - float(y) / ratio, text))
    return RenderedChart(kind, rgba, width, height, ratio, int(pw), int(ph), tuple(hotspots),
                         tuple((c, m) for c, m, _y in markers))


def render_chart(kind: str, data: Any, style: Style, *, width: int, ratio: float = 1.0,
                 band_labels: Mapping[str, Mapping[str, str]] | None = None) -> RenderedChart | None:
    """Draw one chart of the Progress page (``data``: services.progress.ProgressData) into an RGBA buffer.

    Returns None when the chart has nothing to show. Runs on the worker thread; imports matplotlib lazily."""
    from backtrainer.services.progress import chain_names, instrument_name, marker_text

    _scale, px = chart_scale(style)
    width = max(100, int(width))
    if kind == "pain":
        height = chart_height("pain", style)
        fig = new_figure(width, height, ratio, style.background)
        fixed_margins(fig, width, height, (int(52 * px), 14, int(56 * px), int(30 * px)))
        draw_pain(fig.add_subplot(), data.pain, style)
        return _finish(kind, fig, width, height, ratio)
    if kind == "outcomes":
        outcomes = data.outcomes
        if not outcomes:
            return None
        labels = band_labels or {}
        # Room on the right for the band labels: 170 px fits the English ones; longer (translated) labels get more.
        longest = max((len(t) for o in outcomes for t in labels.get(o.instrument, {}).values()), default=0)
        right = max(170, int(5.2 * longest) + 12)
        rows = len(outcomes)
        height = chart_height("outcomes", style, rows)
        fig = new_figure(width, height, ratio, style.background)
        fixed_margins(fig, width, height, (int(44 * px), int(right * px), int(26 * px), int(28 * px)), int(62 * px),
                      rows=rows)
        axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
        for ax, series in zip(axes, outcomes):
            draw_outcome(ax, series, style, title=instrument_name(series.instrument), start=data.start,
                         end=data.today, band_labels=labels.get(series.instrument))
        return _finish(kind, fig, width, height, ratio)
    if kind == "adherence":
        height = chart_height("adherence", style)
        fig = new_figure(width, height, ratio, style.background)
        fixed_margins(fig, width, height, (int(52 * px), 14, int(34 * px), 8), int(34 * px), rows=2)
        top, bottom = fig.subplots(2, 1, height_ratios=[3, 1.2])
        draw_adherence(top, bottom, data.adherence, style)
        return _finish(kind, fig, width, height, ratio)
    if kind == "load":
        if not data.load.chains:
            return None
        height = chart_height("load", style)
        fig = new_figure(width, height, ratio, style.background)
        fixed_margins(fig, width, height, (int(62 * px), 14, int(76 * px), int(30 * px)))
        ax = fig.add_subplot()
        drawn = draw_load(ax, data.load, style, start=data.start, end=data.today, names=chain_names())
        offsets = load_offsets(data.load)
        markers = [(chain, m, m.y + offsets.get(chain, 0.0)) for chain, m in drawn]
        return _finish(kind, fig, width, height, ratio, ax, markers, [marker_text(c, m) for c, m in drawn])
    if kind == "body_maps":
        panels = data.body_maps.panels
        if not panels:
            return None
        height = chart_height("body_maps", style)
        fig = new_figure(width, height, ratio, style.background)
        fixed_margins(fig, width, height, (4, 4, 4, 4))
        draw_body_maps(fig.add_subplot(), data.body_maps, style, slots=max(len(panels), 5))
        return _finish(kind, fig, width, height, ratio)
    raise ValueError(f"unknown chart {kind!r}")
