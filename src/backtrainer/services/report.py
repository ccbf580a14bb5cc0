"""The clinician report: a printable A4 PDF drawn with matplotlib's PDF backend (imported lazily).

Contents (ref 8.5): patient nickname and dates; screening results with every red-flag event; baseline vs latest
for each outcome with the MCID judgement (ODI with the original band labels in brackets, ref 3.3); body maps
(drawn, with region codes); plan and current levels; the decision log with the rule that fired; adherence;
flare-ups; the progress charts; clinician suggestions; the safety wording of section 8; and a footer naming the
instruments and their copyright holders (Keele for STarT Back).

Every page has a header (title, nickname, report date) and a footer (page n of N, copyright line).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from backtrainer import __version__
from backtrainer.core import charts
from backtrainer.i18n import N_, _, date_label, decimal, ngettext
from backtrainer.services import plots
from backtrainer.services.progress import (
    History,
    ProgressData,
    action_word,
    build_progress,
    chain_name,
    chain_names,
    load_history,
    reason_text,
    verdict_text,
)
from backtrainer.store.db import Database

A4 = (8.27, 11.69)  # inches
MARGIN_X = 0.6
TOP = 0.95  # inches below the top edge where content starts (after the header)
BOTTOM = 0.85  # inches above the bottom edge where content stops (before the footer)
FONT = 8.5
INK = "#1B2631"
MUTED = "#4A5866"
RULE = "#C9D3DC"
ACCENT = "#0B6E79"
SHADE = "#EEF3F6"

# Instrument names stay as published; "NPRS (weekly mean)" and the MCID texts are msgids (see _label, _mcid).
INSTRUMENT_LABELS = {"ODI": "ODI 2.1a", "RMDQ": "RMDQ-24", "PSFS": "PSFS", "PSEQ": "PSEQ-10", "PSEQ2": "PSEQ-2",
                     "TSK11": "TSK-11", "FABQ_PA": "FABQ-PA", "NPRS": N_("NPRS (weekly mean)"),
                     "STARTBACK": "STarT Back"}
MCID_TEXT = {"NPRS": N_("2 points or 30%"), "ODI": N_("10 points or 30%"), "RMDQ": N_("5 points or 30%"),
             "PSFS": N_("2 points"), "PSEQ": N_(">= 7 points with a band change"), "TSK11": N_("4 points"),
             "PSEQ2": N_("not established"), "FABQ_PA": N_("not established")}


def _label(instrument: str) -> str:
    label = INSTRUMENT_LABELS.get(instrument, instrument)
    return _(label) if instrument == "NPRS" else label


def _mcid(instrument: str) -> str:
    text = MCID_TEXT.get(instrument)
    return _(text) if text else "-"


@dataclass(frozen=True)
class ReportInfo:
    path: Path
    pages: int


class _Doc:
    """A tiny flow layout over matplotlib figures: headings, paragraphs, tables and chart blocks."""

    def __init__(self, title: str, subtitle: str) -> None:
        self.title = title
        self.subtitle = subtitle
        self.pages: list[Any] = []
        self.fig: Any = None
        self.y = 0.0  # inches from the top
        self.new_page()

    # -- pages ---------------------------------------------------------------------------------------------------
    def new_page(self) -> None:
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=A4)
        self.fig.patch.set_facecolor("white")
        self.pages.append(self.fig)
        self.y = TOP

    def room(self, height: float) -> None:
        if self.y + height > A4[1] - BOTTOM:
            self.new_page()

    def _fy(self, inches: float) -> float:
        return 1 - inches / A4[1]

    def _fx(self, inches: float) -> float:
        return inches / A4[0]

    # -- text ----------------------------------------------------------------------------------------------------
    def heading(self, text: str, *, level: int = 1) -> None:
        size = 13 if level == 1 else 10.5
        self.room(0.75 if level == 1 else 0.55)
        self.y += 0.12 if level == 1 else 0.06
        self.fig.text(self._fx(MARGIN_X), self._fy(self.y), text, fontsize=size, fontweight="bold",
                      color=ACCENT if level == 1 else INK, va="top")
        self.y += size / 72 * 1.45
        if level == 1:
            self.fig.add_artist(_hline(self, self.y - 0.06, ACCENT, 0.8))
            self.y += 0.04

    def paragraph(self, text: str, *, size: float = FONT, colour: str = INK, width: int = 112,
                  weight: str = "normal", box: str | None = None) -> None:
        lines = []
        for para in text.split("\n"):
            lines.extend(textwrap.wrap(para, width=int(width * FONT / size)) or [""])
        height = len(lines) * size / 72 * 1.4
        self.room(height + 0.1)
        if box:
            from matplotlib.patches import Rectangle

            self.fig.add_artist(Rectangle((self._fx(MARGIN_X - 0.08), self._fy(self.y + height + 0.06)),
                                          self._fx(A4[0] - 2 * MARGIN_X + 0.16), (height + 0.12) / A4[1],
                                          transform=self.fig.transFigure, facecolor=box, edgecolor=RULE,
                                          linewidth=0.6))
        self.fig.text(self._fx(MARGIN_X), self._fy(self.y), "\n".join(lines), fontsize=size, color=colour,
                      va="top", linespacing=1.4, fontweight=weight)
        self.y += height + 0.1

    def gap(self, inches: float = 0.1) -> None:
        self.y += inches

    # -- tables --------------------------------------------------------------------------------------------------
    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
              *, size: float = 7.6, empty: str | None = None) -> None:
        """A ruled table; long cells wrap; the header repeats on each new page."""
        if not rows:
            self.paragraph(empty or _("None recorded."), colour=MUTED)
            return
        total = A4[0] - 2 * MARGIN_X
        scale = total / sum(widths)
        col_w = [w * scale for w in widths]
        line_h = size / 72 * 1.35
        chars = [max(4, int((w - 0.1) / (size / 72 * 0.6))) for w in col_w]

        def draw_header() -> None:
            from matplotlib.patches import Rectangle

            self.fig.add_artist(Rectangle((self._fx(MARGIN_X), self._fy(self.y + line_h + 0.08)),
                                          self._fx(total), (line_h + 0.08) / A4[1], transform=self.fig.transFigure,
                                          facecolor=SHADE, edgecolor="none"))
            x = MARGIN_X
            for h, w, c in zip(headers, col_w, chars):
                head = h if len(h) <= c else textwrap.shorten(h, max(12, c))
                self.fig.text(self._fx(x + 0.04), self._fy(self.y + 0.04), head, fontsize=size, fontweight="bold",
                              color=INK, va="top")
                x += w
            self.y += line_h + 0.1

        self.room(2 * line_h + 0.3)
        draw_header()
        for row in rows:
            wrapped = [textwrap.wrap(str(cell), width=c) or [""] for cell, c in zip(row, chars)]
            height = max(len(w) for w in wrapped) * line_h + 0.06
            if self.y + height > A4[1] - BOTTOM:
                self.new_page()
                draw_header()
            x = MARGIN_X
            for lines, w in zip(wrapped, col_w):
                self.fig.text(self._fx(x + 0.04), self._fy(self.y + 0.02), "\n".join(lines), fontsize=size,
                              color=INK, va="top", linespacing=1.35)
                x += w
            self.y += height
            self.fig.add_artist(_hline(self, self.y, RULE, 0.4))
        self.y += 0.12

    # -- charts --------------------------------------------------------------------------------------------------
    def axes(self, height: float, *, left: float = 0.55, right: float = 0.25, top_pad: float = 0.35) -> Any:
        """An axes block ``height`` inches tall (plus room above for a legend)."""
        self.room(height + top_pad + 0.35)
        self.y += top_pad
        ax = self.fig.add_axes((self._fx(MARGIN_X + left), self._fy(self.y + height),
                                self._fx(A4[0] - 2 * MARGIN_X - left - right), height / A4[1]))
        self.y += height + 0.4
        return ax

    # -- finishing -----------------------------------------------------------------------------------------------
    def finish(self, footer_lines: Sequence[str]) -> None:
        n = len(self.pages)
        for i, fig in enumerate(self.pages, start=1):
            fig.text(self._fx(MARGIN_X), self._fy(0.42), self.title, fontsize=9, fontweight="bold", color=ACCENT,
                     va="bottom")
            fig.text(1 - self._fx(MARGIN_X), self._fy(0.42), self.subtitle, fontsize=8, color=MUTED, va="bottom",
                     ha="right")
            fig.add_artist(_hline_fig(fig, self._fy(0.5), RULE, 0.6))
            fig.add_artist(_hline_fig(fig, 0.6 / A4[1], RULE, 0.6))
            fig.text(self._fx(MARGIN_X), 0.52 / A4[1], "\n".join(footer_lines), fontsize=6.2, color=MUTED,
                     va="top", linespacing=1.35)
            fig.text(1 - self._fx(MARGIN_X), 0.52 / A4[1], _("Page {page} of {pages}").format(page=i, pages=n),
                     fontsize=7.5, color=MUTED, va="top", ha="right")


def _hline(doc: _Doc, y_in: float, colour: str, width: float) -> Any:
    return _hline_fig(doc.fig, 1 - y_in / A4[1], colour, width)


def _hline_fig(fig: Any, y: float, colour: str, width: float) -> Any:
    from matplotlib.lines import Line2D

    x0 = MARGIN_X / A4[0]
    return Line2D([x0, 1 - x0], [y, y], transform=fig.transFigure, color=colour, linewidth=width)


# ---------------------------------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------------------------------


def _fmt_day(text: str | None) -> str:
    if not text:
        return ""
    try:
        if "T" in text:
            moment = datetime.fromisoformat(text)
            return f"{date_label(moment.date())} {moment:%H:%M}"
        return date_label(date.fromisoformat(text))
    except ValueError:
        return text


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return decimal(value, digits, trim=True)


def _odi_label(band: str | None) -> str:
    if not band:
        return ""
    try:
        from backtrainer.content.education import load_assessment_messages

        return load_assessment_messages().labels.odi_clinician.get(band, band)
    except Exception:  # content problem: the code is still meaningful to a clinician
        return band


def _band_text(instrument: str, band: str | None) -> str:
    if instrument == "ODI":
        return _odi_label(band)
    return band or ""


def _outcome_rows(data: ProgressData) -> list[list[str]]:
    rows: list[list[str]] = []
    pain = data.pain
    if pain.baseline is not None:
        change = pain.change
        judgement = "-"
        if change is not None:
            judgement = _("MCID reached") if change.meets_mcid else (
                _("worse by MCID") if change.worse_by_mcid else _("below MCID"))
        rows.append([_label("NPRS"), _num(pain.baseline), _num(pain.latest_week),
                     "-" if change is None else decimal(change.change, 1, sign=True),
                     "-" if change is None or change.percent_improvement is None
                     else _percent(change.percent_improvement), _mcid("NPRS"), judgement])
    meta = {m[0]: m for m in data.history.questionnaire_meta}
    for o in data.outcomes:
        first_band = next((q.band for q in data.history.questionnaires if q.instrument == o.instrument
                           and q.score is not None), None)
        diff = None if o.baseline is None or o.latest is None else o.latest - o.baseline
        pct = "-"
        if diff is not None and o.baseline and o.instrument in ("ODI", "RMDQ"):
            share = 100 * abs(diff) / o.baseline
            pct = _percent(share if diff <= 0 else -share)
        if o.verdict is None:
            judgement = _("one score only")
        elif o.mcid_line is None:
            judgement = _("trend only (no MCID)")
        else:
            judgement = _("MCID reached") if o.meets_mcid else (
                _("worse by MCID") if o.worse_by_mcid else _("below MCID"))
        version = meta.get(o.instrument, ("", _label(o.instrument)))[1]
        base_band = _band_text(o.instrument, first_band)
        last_band = _band_text(o.instrument, o.latest_band)
        rows.append([f"{version}", f"{_num(o.baseline)}" + (f" ({base_band})" if base_band else ""),
                     f"{_num(o.latest)}" + (f" ({last_band})" if last_band else ""),
                     "-" if diff is None else decimal(diff, 1, sign=True), pct, _mcid(o.instrument), judgement])
    return rows


def _percent(improvement: float) -> str:
    """"40% better" / "12% worse" (a negative improvement is worse)."""
    if improvement >= 0:
        return _("{percent}% better").format(percent=f"{improvement:.0f}")
    return _("{percent}% worse").format(percent=f"{-improvement:.0f}")


def _startback_text(history: History) -> str:
    sb = [q for q in history.questionnaires if q.instrument == "STARTBACK" and q.score is not None]
    if not sb:
        return _("STarT Back: not completed.")
    first = sb[0]
    return _("STarT Back (baseline {date}): overall {score}/9, risk group {group}. A prognostic screening tool, not "
             "an outcome measure.").format(date=date_label(first.day), score=_num(first.score, 0),
                                           group=(first.band or "-").upper())


def _screening_rows(history: History) -> list[list[str]]:
    rows = []
    for sc in history.screenings:
        yes = sorted(k for k, v in sc.answers.items() if str(v).lower() in ("yes", "not_sure", "true"))
        cleared = ""
        if sc.cleared_at:
            when, who = _fmt_day(sc.cleared_at), sc.cleared_by or "?"
            cleared = (_("{date} by {clinician}: {note}").format(date=when, clinician=who, note=sc.cleared_note)
                       if sc.cleared_note else _("{date} by {clinician}").format(date=when, clinician=who))
        rows.append([_fmt_day(sc.at), sc.kind, sc.tier, ", ".join(sc.reasons) or "-",
                     ", ".join(yes) or _("none"), cleared or (_("open") if sc.tier in ("EMERGENCY", "CLINICIAN_SOON")
                                                              else "-")])
    return rows


def _event_rows(history: History, kinds: Sequence[str]) -> list[list[str]]:
    rows = []
    for e in history.events:
        if e.kind in kinds:
            detail = ", ".join(f"{k}: {v}" for k, v in e.payload.items() if not isinstance(v, (dict, list)))
            rows.append([_fmt_day(e.at), e.kind.replace("_", " "), ", ".join(e.reasons) or "-", e.actor,
                         detail[:160]])
    return rows


def _decision_rows(history: History) -> list[list[str]]:
    rows = []
    for d in history.decisions:
        if d.action in ("HOLD", "START"):
            continue
        move = "-"
        if d.from_level is not None and d.to_level is not None:
            move = _("L{from_level} S{from_step} -> L{to_level} S{to_step}").format(
                from_level=d.from_level, from_step=d.from_step or 0, to_level=d.to_level, to_step=d.to_step or 0)
        rows.append([date_label(d.day), d.chain, f"{action_word(d.action)} ({d.action})", move,
                     ", ".join(d.reasons) or "-", reason_text(d.reasons, d.params)])
    return rows


def _flare_rows(data: ProgressData) -> list[list[str]]:
    spans = charts.flare_spans([(e.day, e.kind) for e in data.history.events
                                if e.kind in ("flare_start", "flare_end")], data.today)
    return [[date_label(s.start), _("ongoing") if s.ongoing else date_label(s.end),
             str((s.end - s.start).days + 1)] for s in spans]


def _safety_paragraphs() -> list[str]:
    from backtrainer.content.safety import load_safety

    safety = load_safety()
    return [*safety.first_run.paragraphs[:3], safety.footer.text, safety.medicines.text]


def _copyright_lines(history: History) -> list[str]:
    used = sorted({q.instrument for q in history.questionnaires})
    parts = []
    try:
        from backtrainer.content.instruments import load_instruments

        metas = load_instruments()
    except Exception:  # the footer falls back to the required Keele line
        metas = {}
    keele = "STarT Back Screening Tool: © Keele University 01/08/07. Funded by Arthritis Research UK."
    for inst in used:
        meta = metas.get(inst)
        if meta is None:
            continue
        if inst == "STARTBACK":
            keele = f"STarT Back Screening Tool: {meta.copyright_notice or 'Keele University'}."
            continue
        if meta.licence_status == "public":
            continue
        parts.append(f"{INSTRUMENT_LABELS.get(inst, inst)}: {meta.copyright_holder}")
    lines = [keele + " Used unmodified for non-commercial use."]
    if parts:
        lines.append("Instruments: " + "; ".join(parts) + ".")
    lines.append(_("BackTrainer {version}. Education and exercise support only; not a diagnosis. Clinical rules: "
                   "research draft awaiting clinician review.").format(version=__version__))
    return [textwrap.shorten(line, 190) for line in lines]


# ---------------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------------


def build_report(history: History, *, today: date, now: datetime) -> _Doc:
    data = build_progress(history, charts.Range.ALL, today, max_maps=8)
    first = history.first_day
    doc = _Doc(_("BackTrainer clinician report"), _("{name}  ·  report date {date}").format(
        name=history.nickname, date=date_label(today)))
    style = plots.PRINT

    # -- page 1: summary -----------------------------------------------------------------------------------------
    doc.heading(_("Summary"))
    period = (_("{start} to {end}").format(start=date_label(first), end=date_label(today)) if first
              else _("no data yet"))
    about = [_("Patient: {name}").format(name=history.nickname), _("Period: {period}").format(period=period),
             _("Profile created: {date}").format(date=_fmt_day(history.created_at)),
             _("Report made: {date}").format(date=f"{date_label(now.date())} {now:%H:%M}")]
    if history.age is not None:
        about.append(_("Age: {age}").format(age=history.age))
    if history.pain_weeks is not None:
        about.append((_("Pain duration at start: {weeks} weeks (first episode)") if history.first_episode
                      else _("Pain duration at start: {weeks} weeks")).format(weeks=history.pain_weeks))
    if history.modifiers:
        about.append((_("Plan modifiers: {modifiers} (leg-pain pathway on)") if history.leg_pathway
                      else _("Plan modifiers: {modifiers}")).format(modifiers=", ".join(history.modifiers)))
    if history.flags:
        about.append(_("Profile flags: {flags}").format(flags=", ".join(history.flags)))
    doc.paragraph("\n".join(about))
    doc.paragraph(_startback_text(history))
    a = data.adherence
    summary = []
    if data.pain.baseline is not None:
        verdict = verdict_text(data.pain.verdict, data.pain.points) if data.pain.verdict else None
        values = {"baseline": _num(data.pain.baseline), "latest": _num(data.pain.latest_week)}
        summary.append(_("Morning pain (NPRS weekly mean): baseline {baseline}, latest {latest}. {verdict}").format(
            verdict=verdict, **values) if verdict else
            _("Morning pain (NPRS weekly mean): baseline {baseline}, latest {latest}.").format(**values))
    if a.total_planned:
        summary.append(ngettext(
            "Adherence: {done} of {planned} planned sessions ({percent}%); current streak {streak} week on plan.",
            "Adherence: {done} of {planned} planned sessions ({percent}%); current streak {streak} weeks on plan.",
            a.streak_weeks).format(done=a.total_done, planned=a.total_planned, percent=f"{a.overall_pct:.0f}",
                                   streak=a.streak_weeks))
    flares = _flare_rows(data)
    summary.append(_("Flare-ups recorded: {count}.").format(count=len(flares)))
    reds = [s for s in history.screenings if s.tier in ("EMERGENCY", "CLINICIAN_SOON")]
    if reds:
        summary.append(_("Red-flag screens at EMERGENCY or CLINICIAN_SOON: {count} ({open} not cleared).").format(
            count=len(reds), open=sum(1 for s in reds if not s.cleared_at)))
    else:
        summary.append(_("Red-flag screens at EMERGENCY or CLINICIAN_SOON: {count}.").format(count=0))
    doc.paragraph("\n".join(summary))
    doc.heading(_("Outcomes: baseline and latest"), level=2)
    doc.table([_("Measure"), _("Baseline"), _("Latest"), _("Change"), "%", _("MCID"), _("Judgement")],
              _outcome_rows(data), [1.5, 2.0, 2.0, 0.6, 0.9, 1.4, 1.2])
    doc.heading(_("Safety and scope"), level=2)
    scope = _("Red-flag screening in this program is for safe routing, not diagnosis; single red flags have limited "
              "diagnostic accuracy.")
    doc.paragraph("\n".join([*_safety_paragraphs(), scope]), size=7.8, box="#FFF8E6")

    # -- screening -----------------------------------------------------------------------------------------------
    doc.new_page()
    doc.heading(_("Red-flag screening"))
    doc.table([_("When"), _("Kind"), _("Tier"), _("Reason codes"), _("Yes / not sure"), _("Cleared")],
              _screening_rows(history), [1.3, 0.7, 1.2, 1.5, 1.5, 1.8], empty=_("No screening recorded."))
    event_headers = [_("When"), _("Event"), _("Codes"), _("By"), _("Detail")]
    doc.heading(_("Red-flag events and clearances"), level=2)
    doc.table(event_headers, _event_rows(history, ("red_flag", "red_flag_cleared", "clinician_action")),
              [1.3, 1.2, 1.5, 0.8, 3.0], empty=_("No red-flag events recorded."))
    doc.heading(_("Suggestions to contact a clinician shown to the patient"), level=2)
    doc.table(event_headers, _event_rows(history, ("review_suggestion",)),
              [1.3, 1.2, 2.2, 0.8, 2.3], empty=_("None shown."))
    if history.movement:
        doc.heading(_("Movement screen"), level=2)
        doc.table([_("When"), _("Test"), _("Result"), _("Pain before/after"), _("Stopped")],
                  [[_fmt_day(m.at), m.test_id,
                    ", ".join(f"{k}: {v}" for k, v in m.data.items() if not isinstance(v, (dict, list)))[:120],
                    f"{m.pain_before if m.pain_before is not None else '-'} / "
                    f"{m.pain_after if m.pain_after is not None else '-'}",
                    _("could not do") if m.could_not_do else (m.stopped_reason or "-")] for m in history.movement],
                  [1.3, 0.8, 3.3, 1.1, 1.3])

    # -- charts: pain, outcomes, adherence -----------------------------------------------------------------------
    doc.new_page()
    doc.heading(_("Pain trend"))
    doc.paragraph((_("Daily morning pain (dots), 7-day mean (solid), baseline (dashed) and the MCID line (dash-dot: a "
                     "weekly mean at or below it is a 2-point or 30% improvement). Flare-ups hatched. Leg pain dashed "
                     "(leg-pain pathway).") if history.leg_pathway else
                   _("Daily morning pain (dots), 7-day mean (solid), baseline (dashed) and the MCID line (dash-dot: a "
                     "weekly mean at or below it is a 2-point or 30% improvement). Flare-ups hatched.")),
                  size=7.6, colour=MUTED)
    plots.draw_pain(doc.axes(2.3), data.pain, style)
    doc.heading(_("Flare-ups"), level=2)
    doc.table([_("Started"), _("Ended"), _("Days")], flares, [2, 2, 1], empty=_("No flare-ups recorded."))
    doc.room(3.2)
    doc.heading(_("Adherence"), level=2)
    top = doc.axes(1.25, left=0.45)
    weeks = doc.axes(0.45, left=0.45, top_pad=0.0)
    plots.draw_adherence(top, weeks, data.adherence, style)
    if data.outcomes:
        doc.new_page()
        doc.heading(_("Questionnaires over time"))
        for o in data.outcomes:
            ax = doc.axes(1.35, right=1.35, top_pad=0.3)
            labels = None
            if o.instrument == "ODI":
                try:
                    from backtrainer.content.education import load_assessment_messages

                    odi = load_assessment_messages().labels.odi_clinician
                    labels = {k: v.split(" (original label")[0] for k, v in odi.items()}
                    labels["crippled"] = "Very large (orig.: crippled)"
                    labels["bed_bound"] = "Extreme (orig.: bed-bound)"
                except Exception:  # labels are a nicety on the chart; the table has them
                    labels = None
            plots.draw_outcome(ax, o, style, title=_label(o.instrument),
                               start=data.start, end=today, band_labels=labels)

    # -- plan, load and decisions --------------------------------------------------------------------------------
    doc.new_page()
    doc.heading(_("Plan and current levels"))
    doc.table([_("Chain"), _("Exercise"), _("Level"), _("Step"), _("Since"), _("Status")],
              [[f"{p.chain}: {chain_name(p.chain)}", p.exercise_id, str(p.level), str(p.step),
                _fmt_day(p.since_day), ", ".join(t for t in (
                    _("included") if p.included else _("not included"), _("clinician lock") if p.locked else "",
                    _("paused until {date}").format(date=p.paused_until) if p.paused_until else "") if t)]
               for p in history.plan],
              [2.4, 1.0, 0.6, 0.6, 1.1, 1.8], empty=_("No plan yet."))
    if data.load.chains:
        doc.heading(_("Level and step over time"), level=2)
        plots.draw_load(doc.axes(2.4, top_pad=0.75), data.load, style, start=data.start, end=today,
                        names=chain_names())
    doc.heading(_("Decision log (every change, with the rule that fired)"), level=2)
    doc.table([_("Date"), _("Chain"), _("Decision"), _("Move"), _("Rule"), _("Reason shown to the patient")],
              _decision_rows(history), [0.9, 0.6, 1.4, 1.3, 0.6, 3.2], size=7.0,
              empty=_("No plan changes yet."))

    # -- body maps -----------------------------------------------------------------------------------------------
    doc.new_page()
    doc.heading(_("Body maps"))
    doc.paragraph(_("Schematic back view (the patient's left on the left). Shading = strongest intensity marked in "
                    "that part; dots = nerve-type qualities (burning, pins and needles, numbness, shooting). Each "
                    "caption compares the distal-most leg segment with the map saved just before it "
                    "(centralisation = moved up)."), size=7.6, colour=MUTED)
    panels = data.body_maps.panels
    if panels:
        for start in range(0, len(panels), 4):
            chunk = charts.BodyMapSeries(panels[start:start + 4], data.body_maps.total)
            plots.draw_body_maps(doc.axes(2.6, left=0.0, right=0.0, top_pad=0.1), chunk, style, slots=4)
        doc.heading(_("Region codes"), level=2)
        map_rows = []
        for m in history.maps:
            if m.day in {p.day for p in panels}:
                map_rows.append([date_label(m.day), m.context, "; ".join(
                    f"{rid}" + (f" {i}/10" if i is not None else "") + (f" ({', '.join(q)})" if q else "")
                    for rid, i, q in m.regions)])
        doc.table([_("Date"), _("Context"), _("Regions (intensity, qualities)")], map_rows, [1.0, 0.9, 5.5])
    else:
        doc.paragraph(_("No body maps saved."), colour=MUTED)
    doc.finish(_copyright_lines(history))
    return doc


def write_report(db: Database, profile_id: int, out: Path, *, today: date, now: datetime) -> ReportInfo:
    """Write the report for one profile to ``out``: user-only (0600, health data), through a temporary file in the
    same folder that is moved into place only when the whole PDF is written (a failure leaves nothing behind)."""
    import os
    import tempfile

    history = load_history(db, profile_id, full=True)
    doc = build_report(history, today=today, now=now)
    from matplotlib.backends.backend_pdf import PdfPages

    fd, name = tempfile.mkstemp(prefix=f".{out.name}-", suffix=".part", dir=out.parent)  # 0600
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            with PdfPages(handle, metadata={"Title": _("BackTrainer clinician report: {name}").format(
                    name=history.nickname), "Creator": f"BackTrainer {__version__}",
                    "Subject": _("Clinician report")}) as pdf:
                for fig in doc.pages:
                    pdf.savefig(fig)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return ReportInfo(out, len(doc.pages))
