"""A tempo ring: the three phases of an ``a-b-c`` tempo (ref 5.0) as arcs, a moving marker and the seconds left.

The ring only paints what it is told (``set_phase`` from ``core.session_plan.tempo_phase_at``, or ``set_waiting`` /
``set_countdown`` for the count-in, a side switch and rests); it holds no timing logic. Phases are told apart by
words and position, not colour alone: the centre says "Lift", "Hold" or "Lower" with the seconds, the arcs carry
an arrow (up, hold, down), and the accessible description says the same in a sentence.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtrainer.i18n import N_, _

# Marked here, translated when shown.
PHASE_WORDS = {"lift": N_("Lift"), "hold": N_("Hold"), "lower": N_("Lower")}
PHASE_MARKS = {"lift": "↑", "hold": "=", "lower": "↓"}  # on the arcs: direction, not colour, tells them apart
TIMED_WORD = N_("Go")


def fit_font(font: QFont, room: QRectF, flags: int, text: str, smallest: float = 0.3) -> QFont:
    """``font``, made smaller (down to ``smallest`` of its size) until ``text`` fits ``room`` with ``flags``: the
    walk saw "Round up" wrap and run into the count below it, its first line cut by the ring, and at 200 % text the
    count and "rep 1 of 8" cut too. The words the ring shows are also on the labels beside it, which grow with the
    text size; the ring keeps its size in the player, so its words fit it."""
    fitted = QFont(font)
    size = font.pointSizeF()
    step = size * 0.08
    while True:
        metrics = QFontMetricsF(fitted)
        needed = metrics.boundingRect(QRectF(0, 0, room.width(), 10_000), flags, text)
        widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0.0)
        if (needed.height() <= room.height() and widest <= room.width()) or \
                fitted.pointSizeF() - step < size * smallest:
            return fitted
        fitted.setPointSizeF(fitted.pointSizeF() - step)


class TempoRing(QWidget):
    """Paints the tempo ring. Attributes ``phase`` and ``seconds_left`` mirror what is shown (for tests)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tempo: tuple[int, int, int] = (2, 1, 2)
        self.timed = False
        self.phase: str | None = None  # "lift" | "hold" | "lower" | None while waiting / counting
        self.fraction = 0.0  # of the current phase (or of the countdown)
        self.seconds_left = 0.0
        self.headline = ""
        self.headline_font: QFont | None = None  # the headline's font and room as last painted (fitted to it)
        self.headline_room = QRectF()
        self._fitted: dict[tuple[object, ...], QFont] = {}  # fit_font's answers: the same words repaint many times
        self.caption = ""
        self.setMinimumSize(180, 180)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Tempo guide"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._colors = {
            "lift": QColor("#2E5EAA"), "hold": QColor("#0B6E79"), "lower": QColor("#7A4FA3"),
            "track": QColor("#D5DEE6"), "text": QColor("#1B2631"), "muted": QColor("#4A5866"),
            "marker": QColor("#1B2631"), "count": QColor("#E08E0B"),
        }
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def _fit(self, font: QFont, room: QRectF, flags: int, text: str) -> QFont:
        """fit_font, remembered per font, room and words (the ring repaints many times a second)."""
        key = (font.key(), room.width(), room.height(), flags, text)
        found = self._fitted.get(key)
        if found is None:
            if len(self._fitted) > 64:  # a few words and sizes in use at a time
                self._fitted.clear()
            found = self._fitted[key] = fit_font(font, room, flags, text)
        return found

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    # -- state ------------------------------------------------------------------------------------------------
    def set_tempo(self, tempo: tuple[int, int, int], *, timed: bool = False) -> None:
        self.tempo = tempo
        self.timed = timed
        self.update()

    def set_phase(self, phase: str, seconds_left: float, fraction: float, caption: str = "",
                  word: str | None = None) -> None:
        """Show one tempo phase ("lift", "hold" or "lower") with the seconds left in it; ``word`` is the
        exercise's own word for it ("To the side" on knee rocks), else "Lift", "Hold" or "Lower"."""
        self.phase = phase
        self.seconds_left = max(0.0, seconds_left)
        self.fraction = min(1.0, max(0.0, fraction))
        self.headline = _(TIMED_WORD) if self.timed else word or (_(PHASE_WORDS[phase]) if phase in PHASE_WORDS
                                                                  else phase.title())
        self.caption = caption
        self._describe()
        self.update()

    def set_countdown(self, headline: str, seconds_left: float, total: float, caption: str = "") -> None:
        """A count-in, side switch or rest: the whole ring drains as the seconds run down."""
        self.phase = None
        self.seconds_left = max(0.0, seconds_left)
        self.fraction = 0.0 if total <= 0 else 1.0 - min(1.0, self.seconds_left / total)
        self.headline = headline
        self.caption = caption
        self._describe()
        self.update()

    def set_waiting(self, headline: str, caption: str = "") -> None:
        self.phase = None
        self.seconds_left = 0.0
        self.fraction = 0.0
        self.headline = headline
        self.caption = caption
        self._describe()
        self.update()

    def display_seconds(self) -> int:
        return math.ceil(self.seconds_left - 1e-6) if self.seconds_left > 0 else 0

    def text(self) -> str:
        """What the ring says, as one sentence (also its accessible description)."""
        if self.phase is not None:
            return _("{headline}: {seconds} seconds left. {caption}").format(
                headline=self.headline, seconds=self.display_seconds(), caption=self.caption).strip()
        if self.seconds_left > 0:
            return _("{headline}: {seconds} seconds. {caption}").format(
                headline=self.headline, seconds=self.display_seconds(), caption=self.caption).strip()
        return f"{self.headline}. {self.caption}".strip(" .") + ("." if self.headline else "")

    def _describe(self) -> None:
        self.setAccessibleDescription(self.text())

    # -- painting ---------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        pen_w = max(10.0, side * 0.075)
        rect = QRectF((self.width() - side) / 2 + pen_w, (self.height() - side) / 2 + pen_w,
                      side - 2 * pen_w, side - 2 * pen_w)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QPen(self._colors["track"], pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        p.setPen(track)
        p.drawEllipse(rect)
        total = float(sum(self.tempo)) or 1.0
        names = ("lift", "hold", "lower")
        if self.phase is not None:
            # One arc per phase, in order clockwise from the top; the running one is drawn thick and full colour.
            start_deg = 90.0
            gap = 2.0 if sum(1 for x in self.tempo if x > 0) > 1 else 0.0
            for name, length in zip(names, self.tempo, strict=True):
                if length <= 0:
                    continue
                span = 360.0 * length / total
                color = QColor(self._colors["hold" if self.timed else name])
                active = name == self.phase
                if not active:
                    color.setAlpha(90)
                pen = QPen(color, pen_w if active else pen_w * 0.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
                p.setPen(pen)
                p.drawArc(rect, int((start_deg - gap / 2) * 16), int(-(span - gap) * 16))
                if not self.timed and span >= 40:
                    mid = math.radians(start_deg - span / 2)
                    r = rect.width() / 2 + pen_w * 0.0
                    centre = rect.center()
                    pos = QPointF(centre.x() + r * math.cos(mid), centre.y() - r * math.sin(mid))
                    p.setPen(QColor("#FFFFFF") if active else self._colors["text"])
                    f = QFont(self.font())
                    f.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
                    f.setBold(True)
                    p.setFont(f)
                    p.drawText(QRectF(pos.x() - pen_w, pos.y() - pen_w, 2 * pen_w, 2 * pen_w),
                               Qt.AlignmentFlag.AlignCenter, PHASE_MARKS[name])
                start_deg -= span
            # The marker: how far through the whole rep we are.
            idx = names.index(self.phase)
            done = sum(self.tempo[:idx]) + self.fraction * self.tempo[idx]
            angle = math.radians(90.0 - 360.0 * done / total)
            centre = rect.center()
            r = rect.width() / 2
            dot = QPointF(centre.x() + r * math.cos(angle), centre.y() - r * math.sin(angle))
            p.setPen(QPen(QColor("#FFFFFF"), 3))
            p.setBrush(self._colors["marker"])
            p.drawEllipse(dot, pen_w * 0.62, pen_w * 0.62)
        elif self.fraction > 0 or self.seconds_left > 0:
            pen = QPen(self._colors["count"], pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawArc(rect, 90 * 16, int(-360 * (1.0 - self.fraction) * 16))
        # Centre text: the word, then the seconds.
        p.setPen(self._colors["text"])
        head = QFont(self.font())
        head.setPointSizeF(self.font().pointSizeF() * 1.6)
        head.setBold(True)
        inner = rect.adjusted(pen_w, pen_w, -pen_w, -pen_w)
        secs = self.display_seconds()
        has_secs = self.phase is not None or self.seconds_left > 0
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * (0.42 if has_secs else 0.62))
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
        self.headline_font, self.headline_room = self._fit(head, top, int(flags), self.headline), top  # (tests)
        p.setFont(self.headline_font)
        p.drawText(top, flags, self.headline)
        if has_secs:
            big = QFont(self.font())
            big.setPointSizeF(self.font().pointSizeF() * 3.4)
            big.setBold(True)
            mid_rect = QRectF(inner.left(), inner.top() + inner.height() * 0.40, inner.width(),
                              inner.height() * 0.38)
            p.setFont(self._fit(big, mid_rect, int(Qt.AlignmentFlag.AlignCenter), str(secs)))
            p.drawText(mid_rect, Qt.AlignmentFlag.AlignCenter, str(secs))
        if self.caption:
            small = QFont(self.font())
            small.setPointSizeF(self.font().pointSizeF() * 0.95)
            p.setPen(self._colors["muted"])
            # narrower than the ring's inside at its widest: the circle closes in towards the bottom
            low = QRectF(inner.left() + inner.width() * 0.12, inner.top() + inner.height() * (0.76 if has_secs
                                                                                              else 0.64),
                         inner.width() * 0.76, inner.height() * 0.24)
            low_flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            p.setFont(self._fit(small, low, int(low_flags), self.caption))
            p.drawText(low, low_flags, self.caption)
        p.end()
