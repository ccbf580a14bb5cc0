"""Colours, fonts and the application style sheet.

Sizes are in points relative to the application font, so the whole UI follows the text-size setting. The palette
is checked for WCAG AA contrast (4.5:1 for text) by tests/ui/test_theme_contrast.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    surface: str
    surface_alt: str
    text: str
    text_muted: str
    primary: str
    primary_text: str
    primary_hover: str
    accent: str
    border: str
    focus: str
    danger: str
    danger_bg: str
    warning_bg: str
    ok_bg: str
    nav_bg: str
    nav_text: str
    nav_selected_bg: str
    nav_selected_text: str


LIGHT = Theme(
    name="light", window="#F4F6F8", surface="#FFFFFF", surface_alt="#EEF3F6", text="#1B2631",
    text_muted="#4A5866", primary="#0B6E79", primary_text="#FFFFFF", primary_hover="#095B64", accent="#2E5EAA",
    border="#C9D3DC", focus="#E08E0B", danger="#A3261C", danger_bg="#FCEBEA", warning_bg="#FFF5DC",
    ok_bg="#E6F4EA", nav_bg="#E3EBF0", nav_text="#1B2631", nav_selected_bg="#0B6E79", nav_selected_text="#FFFFFF",
)
DARK = Theme(
    name="dark", window="#161B20", surface="#1F262D", surface_alt="#26303A", text="#ECF1F5",
    text_muted="#B4C0CB", primary="#4FC3CF", primary_text="#0D1F22", primary_hover="#7AD6DF", accent="#8FB4F0",
    border="#3A4652", focus="#F5B041", danger="#FF8A80", danger_bg="#3B1E1C", warning_bg="#3A3119",
    ok_bg="#1E3326", nav_bg="#11161A", nav_text="#ECF1F5", nav_selected_bg="#4FC3CF", nav_selected_text="#0D1F22",
)
HIGH_CONTRAST = Theme(
    name="high_contrast", window="#000000", surface="#000000", surface_alt="#101010", text="#FFFFFF",
    text_muted="#FFFFFF", primary="#FFFF00", primary_text="#000000", primary_hover="#FFFFFF", accent="#00FFFF",
    border="#FFFFFF", focus="#00FFFF", danger="#FF6666", danger_bg="#000000", warning_bg="#000000",
    ok_bg="#000000", nav_bg="#000000", nav_text="#FFFFFF", nav_selected_bg="#FFFF00", nav_selected_text="#000000",
)
THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}

BASE_POINT_SIZE = 11.0


def style_sheet(t: Theme, scale: float = 1.0) -> str:
    pt = BASE_POINT_SIZE * scale

    indicator = indicator_px(scale)

    def size(factor: float) -> str:
        return f"{pt * factor:.1f}pt"

    return f"""
    QWidget {{ color: {t.text}; }}
    QMainWindow, #PageArea, QStackedWidget > QWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
        background: {t.window};
    }}
    QLabel {{ background: transparent; }}
    QLabel[role="title"] {{ font-size: {size(1.9)}; font-weight: 600; }}
    QLabel[role="subtitle"] {{ font-size: {size(1.25)}; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {t.text_muted}; }}
    QLabel[role="body"] {{ font-size: {size(1.08)}; }}
    QLabel[role="footer"] {{ color: {t.text_muted}; font-size: {size(0.92)}; }}
    QFrame[role="card"] {{
        background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px;
    }}
    QFrame[role="notice"] {{ background: {t.warning_bg}; border: 1px solid {t.border}; border-radius: 10px; }}
    QFrame[role="danger"] {{ background: {t.danger_bg}; border: 2px solid {t.danger}; border-radius: 10px; }}
    QFrame[role="ok"] {{ background: {t.ok_bg}; border: 1px solid {t.border}; border-radius: 10px; }}
    QPushButton {{
        background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; border-radius: 8px;
        padding: 0.45em 1.1em; min-height: 1.9em; font-size: {size(1.0)}; margin: {FOCUS_GROWTH}px;
    }}
    QPushButton:hover {{ border-color: {t.primary}; }}
    QPushButton:checked {{ background: {t.primary}; color: {t.primary_text}; border-color: {t.primary}; }}
    QPushButton:disabled {{ color: {t.text_muted}; background: {t.surface_alt}; }}
    QPushButton[role="primary"] {{
        background: {t.primary}; color: {t.primary_text}; border: 1px solid {t.primary}; font-weight: 600;
    }}
    QPushButton[role="primary"]:hover {{ background: {t.primary_hover}; }}
    QPushButton[role="primary"]:disabled {{ background: {t.surface_alt}; color: {t.text_muted};
        border-color: {t.border}; }}
    QPushButton[role="danger"] {{ background: {t.danger}; color: #FFFFFF; border: 1px solid {t.danger}; }}
    QPushButton[role="link"] {{ background: transparent; border: none; color: {t.accent};
        text-decoration: underline; padding: 0.2em; }}
    QPushButton:focus, QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QListWidget:focus,
    QCheckBox:focus, QRadioButton:focus, QTextBrowser:focus, QPlainTextEdit:focus {{
        outline: none; border: {FOCUS_BORDER}px solid {t.focus}; margin: 0px;
    }}
    QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextBrowser {{
        background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; padding: 0.35em 0.5em;
        font-size: {size(1.0)}; selection-background-color: {t.primary}; selection-color: {t.primary_text};
        margin: {FOCUS_GROWTH}px;
    }}
    QCheckBox, QRadioButton {{ spacing: 0.6em; padding: 0.25em; border: {FOCUS_BORDER}px solid transparent;
        border-radius: 6px; }}
    #NavRail, #NavRail QScrollArea, #NavRailContent {{ background: {t.nav_bg}; border: none; }}
    #NavRail QPushButton {{
        background: transparent; color: {t.nav_text}; border: 3px solid transparent; border-radius: 10px;
        text-align: left; padding: 0.6em 0.9em; font-size: {size(1.05)};
    }}
    #NavRail QPushButton:checked {{ background: {t.nav_selected_bg}; color: {t.nav_selected_text};
        font-weight: 600; }}
    #NavRail QPushButton {{ margin: 0px; min-height: {NAV_MIN_HEIGHT_PX}px; }}
    #NavRail QScrollBar:vertical {{ background: {t.nav_bg}; }}
    #NavRail QPushButton:focus {{ border: {FOCUS_BORDER}px solid {t.focus}; }}
    #NavRail QPushButton:disabled {{ color: {t.text_muted}; font-style: italic; }}
    #NavRail QPushButton:checked:disabled {{ background: transparent; color: {t.text_muted};
        border: 3px dashed {t.text_muted}; }}
    #NavRail QLabel[role="brand"] {{ font-size: {size(1.35)}; font-weight: 700; color: {t.nav_text}; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: {indicator}px; height: {indicator}px; }}
    QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: {indicator}px; }}
    {NO_BUTTONS_SPIN_RULE}
    QScrollBar:vertical {{ width: {indicator}px; }}
    QScrollBar:horizontal {{ height: {indicator}px; }}
    """


# The focus ring is 3 px; other borders are 1 px with a 2 px margin, so a box is the same size focused or not
# and neither its words nor the page move when the focus or a choice moves (issue 20 item 18).
FOCUS_BORDER = 3
FOCUS_GROWTH = 2

# The rail's buttons keep their 100 % height as a floor instead of growing it with the text (1.9 em): at 200 % the
# words and padding alone make them 70 px tall, and nine of them then fit a 768 px screen (issue 20 item 18).
NAV_MIN_HEIGHT_PX = round(BASE_POINT_SIZE * 1.05 * 1.9 * 96 / 72)

# A style-sheeted spin box without buttons still lays its edit field out around buttons placed inside the padding,
# which leaves the inner line edit 1 px wide (neither its text nor its special-value text shows). Buttons placed
# on the border and zero wide give the edit field the whole box. The selector is read when the widget is polished,
# so set NoButtons before showing the spin box (every spin box in the app does so in its constructor).
NO_BUTTONS_SPIN_RULE = (
    'QAbstractSpinBox[buttonSymbols="NoButtons"]::up-button, '
    'QAbstractSpinBox[buttonSymbols="NoButtons"]::down-button '
    "{ subcontrol-origin: border; width: 0px; border: none; }"
)

# Fusion's check boxes, radio buttons and scroll bars are 14 px; they grow with the text size (set by the style
# sheet, so no Python style subclass sits on every metric call).
FUSION_INDICATOR_PX = 14
INDICATOR_GROWTH = 1.35


def indicator_px(scale: float) -> int:
    return round(FUSION_INDICATOR_PX * INDICATOR_GROWTH * scale)


def indicator_border(t: Theme) -> str:
    """The colour of an unticked check box's or radio button's frame: at least 3:1 against the page and the cards
    (WCAG 1.4.11 non-text contrast). Fusion draws it from the window colour darkened, nearly black on the dark
    theme's near-black (issue 20 item 18)."""
    return t.text if t.name == "high_contrast" else t.text_muted


def _indicator_images(t: Theme, px: int) -> tuple[str, str, str, str]:
    """Check-box and radio-button pictures drawn in the theme's colours: unticked and ticked box, empty and chosen
    circle."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter, QPen

    folder = Path(tempfile.gettempdir()) / "backtrainer-ui"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for shape in ("check", "radio"):
        for ticked in (False, True):
            image = QImage(px, px, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            width = max(2.0, px / 10)
            painter.setPen(QPen(QColor(indicator_border(t) if not ticked else t.primary), width))
            painter.setBrush(QColor(t.primary if ticked and shape == "check" else t.surface))
            box = QRectF(width / 2, width / 2, px - width, px - width)
            if shape == "check":
                painter.drawRoundedRect(box, px / 6, px / 6)
            else:
                painter.drawEllipse(box)
            if ticked and shape == "check":
                painter.setPen(QPen(QColor(t.primary_text), width * 1.4, Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.RoundCap))
                painter.drawPolyline([QPointF(px * 0.25, px * 0.52), QPointF(px * 0.43, px * 0.7),
                                      QPointF(px * 0.76, px * 0.3)])
            elif ticked:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(t.primary))
                painter.drawEllipse(QPointF(px / 2, px / 2), px * 0.24, px * 0.24)
            painter.end()
            path = folder / f"{shape}-{t.name}-{px}-{int(ticked)}.png"
            image.save(str(path))
            paths.append(path.as_posix())
    return paths[0], paths[1], paths[2], paths[3]


def apply(app: QApplication, theme_name: str = "light", scale: float = 1.0) -> Theme:
    theme = THEMES.get(theme_name, LIGHT)
    app.setProperty("bt_text_scale", scale)  # first: widgets read it when the font change below reaches them
    # Swapping one style sheet for another re-resolves every widget against both sheets (about 0.4 s for the 600
    # widgets of a full window, seconds on a slow laptop); dropping the old sheet first, then setting the font,
    # palette and new sheet on plain Fusion costs a fifth of that (benchmarks/theme_switch.py). No event runs in
    # between, so nothing is painted unstyled.
    if app.styleSheet():
        app.setStyleSheet("")
    if app.property("bt_fusion") is not True:  # under a style sheet style().name() is empty: set Fusion once
        app.setStyle("Fusion")
        app.setProperty("bt_fusion", True)
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(theme.window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.text))
    palette.setColor(QPalette.ColorRole.Base, QColor(theme.surface))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(theme.surface_alt))
    palette.setColor(QPalette.ColorRole.Text, QColor(theme.text))
    palette.setColor(QPalette.ColorRole.Button, QColor(theme.surface))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(theme.text))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(theme.primary))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(theme.primary_text))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(theme.text_muted))
    # Frames of check boxes, radio buttons and inputs are drawn with these roles (Fusion).
    for role in (QPalette.ColorRole.Dark, QPalette.ColorRole.Mid, QPalette.ColorRole.Shadow):
        palette.setColor(role, QColor(theme.text_muted if theme.name != "high_contrast" else theme.text))
    palette.setColor(QPalette.ColorRole.Light, QColor(theme.surface_alt))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(theme.surface))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(theme.text))
    app.setPalette(palette)
    sheet = style_sheet(theme, scale)
    px = indicator_px(scale)
    off, on, radio_off, radio_on = _indicator_images(theme, px)
    sheet += (f"QCheckBox::indicator {{ width: {px}px; height: {px}px; image: url({off}); }}\n"
              f"QCheckBox::indicator:checked {{ image: url({on}); }}\n"
              f"QRadioButton::indicator {{ width: {px}px; height: {px}px; image: url({radio_off}); }}\n"
              f"QRadioButton::indicator:checked {{ image: url({radio_on}); }}\n")
    app.setStyleSheet(sheet)
    app.setProperty("bt_theme", theme.name)
    return theme


def text_scale() -> float:
    """The text size in use (1.0 = 100 %), as set by :func:`apply`."""
    app = QApplication.instance()
    value = app.property("bt_text_scale") if app is not None else None
    return float(value) if isinstance(value, int | float) else 1.0
