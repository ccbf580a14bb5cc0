"""Matplotlib drawing of the progress series for the PDF clinician report (services.report) only.

Qt-free. matplotlib is imported inside the drawing functions, so only making a report imports it; the Progress
page paints the same series natively (ui.widgets.progress_charts). Colours are the Okabe-Ito
colour-blind-safe palette, and no meaning rests on colour alone: lines differ in style, markers in shape, and
flare-ups and nerve-type symptoms are hatched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from backtrainer.core import charts
from backtrainer.i18n import _, date_label, decimal, tick_day, tick_month
from backtrainer.services.progress import MOVEMENT_WORDS

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
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.8, label=label)
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

def _body_patches(panel: charts.BodyMapPanel, dx: float) -> tuple[list[Any], list[Any], list[float], list[bool]]:
    from matplotlib.patches import FancyBboxPatch

    base: list[Any] = []
    for x, y, w, h in charts.body_outline():
        base.append(FancyBboxPatch((dx + x + 1, y + 1), w - 2, h - 2, boxstyle="round,pad=0,rounding_size=5"))
    marked: list[Any] = []
    alphas: list[float] = []
    neuro_flags: list[bool] = []
    for (x, y, w, h), value, neuro in charts.body_shading(panel):
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
        words = MOVEMENT_WORDS.get(panel.movement)
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
