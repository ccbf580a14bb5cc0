"""A chart drawn off the GUI thread, shown as a pixmap, with hover, click and keyboard access to its hotspots.

The Progress page renders its matplotlib charts into RGBA buffers on the worker thread (services.plots); this widget
only wraps the buffer in a QImage/QPixmap and paints it, so the GUI thread never runs matplotlib. Hotspots (the load
chart's decision markers) are hit-tested here: pointing at one shows its text in a tooltip and the pointing-hand
cursor; a click, or the arrow keys when the chart has keyboard focus, select one (``activated``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

HOVER_PX = 9  # hit radius in logical pixels


class ChartImage(QWidget):
    """Shows one rendered chart; ``hotspots`` are (x, y, text) in logical pixels from the image's top left."""

    activated = Signal(int)  # a hotspot was clicked or chosen with the keyboard
    widthChanged = Signal(int)  # the widget's width (or pixel ratio) no longer matches the image: render again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._pixmap: QPixmap | None = None
        self._size = QSize(0, 0)  # logical size the image was drawn for
        self._ratio = 1.0
        self._hotspots: list[tuple[float, float, str]] = []
        self._hover: int | None = None
        self.current: int | None = None  # the hotspot chosen last (click or keyboard)
        self.faded = False  # an earlier picture shown while the chart is drawn again

    # -- content ---------------------------------------------------------------------------------------------------
    def set_image(self, rgba: bytes, pixel_width: int, pixel_height: int, width: int, height: int, ratio: float,
                  hotspots: Sequence[tuple[float, float, str]] = (), *, faded: bool = False) -> None:
        """Show an RGBA buffer (rows top-down) drawn for ``width`` x ``height`` logical pixels at ``ratio``.

        ``faded``: an earlier picture, painted faded until the new drawing replaces it."""
        # The QImage shares ``rgba`` (kept alive by this frame) until QPixmap.fromImage has copied it.
        image = QImage(rgba, pixel_width, pixel_height, pixel_width * 4, QImage.Format.Format_RGBA8888)
        image.setDevicePixelRatio(ratio)
        self._pixmap = QPixmap.fromImage(image)
        del image
        self._size = QSize(width, height)
        self._ratio = ratio
        self._hotspots = list(hotspots)
        self.faded = faded
        self._hover = None
        self.current = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self._hotspots else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.update()

    def clear(self) -> None:
        self._pixmap = None
        self.faded = False
        self._hotspots = []
        self._size = QSize(0, 0)
        self.update()

    def has_image(self) -> bool:
        return self._pixmap is not None

    def image_width(self) -> int:
        return self._size.width()

    def image_ratio(self) -> float:
        return self._ratio

    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    def hotspots(self) -> list[tuple[float, float, str]]:
        return list(self._hotspots)

    def needs_render(self) -> bool:
        """The widget's width or pixel ratio differs from the image's (a stretched image is shown meanwhile)."""
        return self._pixmap is None or abs(self.width() - self._size.width()) > 1 or \
            abs(self.devicePixelRatioF() - self._ratio) > 0.01

    # -- hit-testing -----------------------------------------------------------------------------------------------
    def _scale(self) -> float:
        return self.width() / self._size.width() if self._size.width() > 0 else 1.0

    def hotspot_at(self, x: float, y: float) -> int | None:
        """The hotspot within HOVER_PX of the widget point (x, y), nearest first."""
        s = self._scale()
        best, best_d = None, float(HOVER_PX ** 2)
        for i, (hx, hy, _text) in enumerate(self._hotspots):
            d = (hx * s - x) ** 2 + (hy - y) ** 2
            if d <= best_d:
                best, best_d = i, d
        return best

    def hotspot_text(self, index: int) -> str:
        return self._hotspots[index][2]

    def hover(self, x: float, y: float, global_pos: QPoint | None = None) -> int | None:
        """Point at (x, y): tooltip and pointing-hand cursor over a hotspot. Returns the hotspot's index."""
        index = self.hotspot_at(x, y)
        self._hover = index
        if index is None:
            QToolTip.hideText()
            self.setCursor(Qt.CursorShape.ArrowCursor)
            return None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        where = global_pos if global_pos is not None else self.mapToGlobal(QPoint(int(x), int(y)))
        QToolTip.showText(where + QPoint(12, 12), self.hotspot_text(index), self)
        return index

    def choose(self, index: int) -> None:
        if not self._hotspots:
            return
        self.current = max(0, min(index, len(self._hotspots) - 1))
        self.update()
        self.activated.emit(self.current)

    # -- events ----------------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None:
            return
        painter = QPainter(self)
        if self.faded:
            painter.setOpacity(0.45)
        if self.width() == self._size.width():
            painter.drawPixmap(0, 0, self._pixmap)
        else:  # resized: stretch the old image until the new one arrives (a moment later)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(QRectF(0, 0, self.width(), self._size.height()), self._pixmap,
                               QRectF(0, 0, self._pixmap.width(), self._pixmap.height()))
        if self.current is not None and self.hasFocus() and self.current < len(self._hotspots):
            x, y, _text = self._hotspots[self.current]
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(self.palette().highlight().color(), 2.5))
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.drawEllipse(QPointF(x * self._scale(), y), HOVER_PX, HOVER_PX)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._hotspots:
            pos = event.position()
            self.hover(pos.x(), pos.y(), event.globalPosition().toPoint())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            QToolTip.hideText()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._hotspots:
            pos = event.position()
            index = self.hotspot_at(pos.x(), pos.y())
            if index is not None:
                self.choose(index)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left/Right (Up/Down) step through the markers, Home/End go to the first/last."""
        n = len(self._hotspots)
        key = event.key()
        if n:
            cur = self.current
            if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
                self.choose(0 if cur is None else (cur + 1) % n)
                return
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
                self.choose(n - 1 if cur is None else (cur - 1) % n)
                return
            if key == Qt.Key.Key_Home:
                self.choose(0)
                return
            if key == Qt.Key.Key_End:
                self.choose(n - 1)
                return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._pixmap is not None and event.size().width() != event.oldSize().width() and self.needs_render():
            self.widthChanged.emit(self.width())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange and self._pixmap is not None:
            self.widthChanged.emit(self.width())
        return super().event(event)

    def sizeHint(self) -> QSize:
        return QSize(max(self._size.width(), 400), self.height())
