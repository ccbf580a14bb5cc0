"""The shell: a navigation rail and a stacked page area. No clinical logic lives here."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtrainer.i18n import _
from backtrainer.ui.context import AppContext, Changes
from backtrainer.ui.pages import PageEntry, all_pages, nav_pages
from backtrainer.ui.pages.base import Page, label

if TYPE_CHECKING:
    from backtrainer.store.records import ProfileRecord, StartupData
    from backtrainer.ui.pages.profiles import ProfilePickerPage
    from backtrainer.ui.pages.welcome import WelcomePage

log = logging.getLogger("backtrainer.ui")

# How soon after the first screen is painted the Progress page is made ready ahead (issue 19): the page, empty,
# built and laid out, so its first open only reads and draws. No one's data is read ahead. The code is imported on
# the store's thread from the first screen on (~0.1 s); the page is built as soon as that is done, at least
# WARM_UP_MS after the first screen (start-up's own turns go first), so it is ready ~0.15 s after the first screen,
# before a person can find and click Progress (a cold first open is 90-140 ms). Its steps on the GUI thread take
# ~14 and ~20 ms, each in a turn of its own.
WARM_UP_MS = 50


class _PaintWatcher(QObject):
    """Emits once the watched widget has painted (the central widget paints, not the main window)."""

    painted = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.emit()
        return False


class NavRail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NavRail")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The rail scrolls when its buttons are taller than the window (200 % text on a 768 px screen, issue 16)
        # and is as wide as its widest button, so "About and safety" never clips (issue 20 item 18).
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().setAutoFillBackground(False)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its buttons take the focus, not the frame
        self.scroll_area.setAccessibleName(_("Pages"))  # what a screen reader calls the rail
        outer.addWidget(self.scroll_area)
        self.content = QWidget()
        self.content.setObjectName("NavRailContent")
        self.scroll_area.setWidget(self.content)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(14, 20, 14, 20)
        layout.setSpacing(6)
        brand = QLabel("BackTrainer")
        brand.setProperty("role", "brand")
        brand.setAccessibleName("BackTrainer")
        layout.addWidget(brand)
        self.who = QLabel("")
        self.who.setProperty("role", "muted")
        self.who.setTextFormat(Qt.TextFormat.PlainText)  # a nickname is shown as typed, never as markup
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        layout.addSpacing(14)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        self._locked = False
        self._layout = layout
        self._tail = QVBoxLayout()
        layout.addStretch(1)
        layout.addLayout(self._tail)

    def add_tail(self, widget: QWidget) -> None:
        self._tail.addWidget(widget)

    @property
    def locked(self) -> bool:
        return self._locked

    def set_locked(self, locked: bool) -> None:
        """The urgent-help screen (ref 8.3): the pages' buttons are switched off (and look it); "Switch person"
        stays, so the next person on a shared laptop is not held on this one's screen."""
        self._locked = locked
        for button in self.buttons.values():
            button.setEnabled(not locked)

    def _width(self) -> int:
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        return max(210, self.content.minimumSizeHint().width() + bar)

    def sizeHint(self) -> QSize:
        return QSize(self._width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(), 0)

    def add(self, name: str, title: str, shortcut_index: int) -> QPushButton:
        button = QPushButton(title)
        button.setCheckable(True)
        # one page of several: a screen reader says "radio button", not "check box" (issue 16); in the exclusive
        # group the property changes nothing else
        button.setAutoExclusive(True)
        button.setAccessibleName(title)
        button.setAccessibleDescription(_("Go to {page} (Alt+{key})").format(page=title, key=shortcut_index))
        button.setToolTip(_("{page} (Alt+{key})").format(page=title, key=shortcut_index))
        self.group.addButton(button)
        self.buttons[name] = button
        self._layout.insertWidget(self._layout.count() - 2, button)
        return button


class MainWindow(QMainWindow):
    """Navigation rail + page stack. Before a profile is open, a gate (welcome / picker) fills the window."""

    firstPaint = Signal()
    dataShown = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("BackTrainer")
        from backtrainer.ui.placement import WindowPlacement

        self.placement = WindowPlacement(self, ctx)  # fits the screen; kept between runs

        self.root = QStackedWidget()
        self.root.setObjectName("PageArea")
        self.setCentralWidget(self.root)

        self.loading = label(_("Opening your data…"), "muted")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.root.addWidget(self.loading)

        self._welcome: WelcomePage | None = None
        self._picker: ProfilePickerPage | None = None

        self.main = QWidget()
        main_layout = QHBoxLayout(self.main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.setSpacing(0)
        self.rail = NavRail()
        self.stack = QStackedWidget()
        main_layout.addWidget(self.rail)
        right = QWidget()
        self.right_box = QVBoxLayout(right)
        self.right_box.setContentsMargins(0, 0, 0, 0)
        self.right_box.setSpacing(0)
        self.right_box.addWidget(self.stack, 1)
        main_layout.addWidget(right, 1)
        self.root.addWidget(self.main)
        self.reminders: object | None = None  # ReminderController, built when a profile opens
        self.banner: Any = None  # its ReminderBanner, built with it
        self.switch_button = QPushButton(_("Switch person"))
        self.switch_button.setAccessibleName(_("Switch person"))
        self.switch_button.setAccessibleDescription(_("Close this plan and choose who is using BackTrainer"))
        self.switch_button.clicked.connect(lambda: self.ctx.signals.profileChanged.emit(None))
        self.rail.add_tail(self.switch_button)

        # Pages are built the first time they are shown, so start-up pays only for the first screen.
        self.page_entries: dict[str, PageEntry] = {e.name: e for e in all_pages()}
        self.pages: dict[str, Page] = {}
        for index, entry in enumerate(nav_pages(), start=1):
            button = self.rail.add(entry.name, _(entry.title), index)
            button.clicked.connect(lambda _=False, name=entry.name: self.show_page(name))
            shortcut = QShortcut(QKeySequence(f"Alt+{index}"), self)
            shortcut.activated.connect(lambda name=entry.name: self.show_page(name))
        ctx.page_names = set(self.page_entries)
        ctx.signals.navigate.connect(self.show_page)
        ctx.signals.profileChanged.connect(self._on_profile_changed)

        self._profiles: list[ProfileRecord] = []
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_UP_MS)
        self._warm_timer.timeout.connect(self._warm_up)
        self._watcher = _PaintWatcher(self)
        self._watcher.painted.connect(self._on_paint)
        self.root.installEventFilter(self._watcher)
        self._painted_once = False
        self._awaiting_data_paint = False

    # -- paint tracking (for --exit-after-paint and the start-up benchmark) ------------------------------------
    def _on_paint(self) -> None:
        if not self._painted_once:
            self._painted_once = True
            self.firstPaint.emit()
        if self._awaiting_data_paint:
            self._awaiting_data_paint = False
            self.dataShown.emit()
            if not self.ctx.shell_ready:
                self.ctx.shell_ready = True
                QTimer.singleShot(0, self.ctx.signals.shellReady.emit)

    def _expect_data_paint(self) -> None:
        self._awaiting_data_paint = True
        self.root.update()
        current = self.root.currentWidget()
        if current is not None:
            current.update()

    # -- start-up ----------------------------------------------------------------------------------------------
    @property
    def welcome(self) -> WelcomePage:
        if self._welcome is None:
            from backtrainer.ui.pages.welcome import WelcomePage

            self._welcome = WelcomePage(self.ctx)
            self._welcome.accepted.connect(self._on_notice_accepted)
            self._welcome.exitRequested.connect(self.close)
            self.root.addWidget(self._welcome)
        return self._welcome

    @property
    def picker(self) -> ProfilePickerPage:
        if self._picker is None:
            from backtrainer.ui.pages.profiles import ProfilePickerPage

            self._picker = ProfilePickerPage(self.ctx)
            self._picker.chosen.connect(self.open_profile)
            self._picker.addRequested.connect(lambda: self._show_welcome(None))
            self.root.addWidget(self._picker)
        return self._picker

    def page(self, name: str) -> Page | None:
        """The page called ``name``, built on first use."""
        if name not in self.pages:
            entry = self.page_entries.get(name)
            if entry is None:
                return None
            page = entry.load()(self.ctx)
            self.pages[name] = page
            self.stack.addWidget(page)
        return self.pages[name]

    def populate(self, data: StartupData) -> None:
        """Show the first screen for the data read at start."""
        self._profiles = list(data.profiles)
        if not self._profiles:
            self._show_welcome(None)
        elif len(self._profiles) == 1 and not self._profiles[0].damaged:
            self.open_profile(self._profiles[0].id)
            today = self.pages.get("today")
            if data.home is not None and today is not None and self.ctx.profile_id == data.home.profile.id:
                today.show_summary(data.home)  # type: ignore[attr-defined]  # painted with the first screen
        else:
            self.picker.set_profiles(self._profiles)
            self.root.setCurrentWidget(self.picker)
        self._expect_data_paint()

    def _show_welcome(self, profile: ProfileRecord | None) -> None:
        self.welcome.for_existing(profile.nickname if profile else None)
        self.welcome.reset_busy()
        self.root.setCurrentWidget(self.welcome)

    def open_profile(self, profile_id: int, *, unlocked: bool = False) -> None:
        profile = next((p for p in self._profiles if p.id == profile_id), None)
        if profile is None:
            return
        if profile.damaged:
            self._offer_backup(profile)
            return
        if profile.has_pin and not unlocked:
            from backtrainer.ui.pin_dialog import PinDialog

            dialog = PinDialog(self.ctx, profile_id, profile.nickname, self)
            dialog.accepted.connect(lambda: self.open_profile(profile_id, unlocked=True))
            if self.isVisible():
                dialog.open()
            else:  # filled before the first show (bootstrap): open over the window once it is on screen
                QTimer.singleShot(0, dialog.open)
            self.pin_dialog = dialog
            return
        self.ctx.profile_id = profile_id
        if not profile.notice_accepted:
            self._show_welcome(profile)
            return
        self._start_reminders()
        self.ctx.when_shell_ready(self._start_warm_up)
        self.switch_button.setVisible(True)
        self.rail.who.setText(profile.nickname)
        self.root.setCurrentWidget(self.main)
        self.ctx.signals.profileChanged.emit(profile_id)
        for page in self.pages.values():
            page._dirty = True
        self.show_page("today")

    def _offer_backup(self, profile: ProfileRecord) -> None:
        """A profile whose stored data cannot be read is not opened: say so and offer the newest backup in which it
        reads whole (issue 17, item 4). The other profiles stay usable whatever the answer."""
        from PySide6.QtWidgets import QMessageBox

        from backtrainer.i18n import long_date

        ctx = self.ctx

        def find() -> Any:
            from backtrainer.store.opening import backup_for_profile

            return backup_for_profile(ctx.paths, profile.id)

        def ask(good: Any) -> None:
            if good is None:
                QMessageBox.warning(self, "BackTrainer", _(
                    "Some of {name}'s saved data cannot be read, and there is no backup to go back to. The other "
                    "people's data is fine. Please ask your clinician or the person who set up this computer."
                ).format(name=profile.nickname))
                return
            answer = QMessageBox.question(self, "BackTrainer", _(
                "Some of {name}'s saved data cannot be read, so BackTrainer does not open it. There is a backup from "
                "{date} at {time}. Go back to that backup? This puts back the data of everyone on this computer as "
                "it was then, so anything entered after that may be missing. The current data file is kept aside."
            ).format(name=profile.nickname, date=long_date(good.taken_at.date()), time=f"{good.taken_at:%H:%M}"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)  # it changes everyone's data: Enter alone does not choose it
            if answer == QMessageBox.StandardButton.Yes:
                ctx.runner.run(lambda: go_back(good), restored)

        def go_back(good: Any) -> list[ProfileRecord]:
            from backtrainer.store.opening import restore
            from backtrainer.store.summary import list_profiles

            ctx.drop_db()
            restore(ctx.paths, good, ctx.clock.now())
            return list_profiles(ctx.paths.db)

        def restored(profiles: list[ProfileRecord]) -> None:
            from backtrainer.store.records import StartupData

            self.populate(StartupData(profiles=profiles))
            QMessageBox.information(self, "BackTrainer", _("BackTrainer went back to your backup. The data file it "
                                                           "replaced was kept aside."))

        ctx.runner.run(find, ask)

    def _on_notice_accepted(self, nickname: str) -> None:
        from backtrainer.services.profiles import ProfileService

        ctx = self.ctx
        existing = ctx.profile_id if nickname == "" else None

        def work() -> ProfileRecord:
            from backtrainer.ui.texts import validate_safety

            validate_safety()  # the notice the person accepted passed the content schema
            service = ProfileService(ctx.db(), ctx.clock)
            if existing is not None:
                return service.accept_notice(existing)
            return service.create(nickname, accept_notice=True)

        def done(profile: ProfileRecord) -> None:
            self._profiles = [p for p in self._profiles if p.id != profile.id] + [profile]
            # an existing profile reaches the notice only after its PIN (open_profile): not asked again a minute later
            self.open_profile(profile.id, unlocked=existing is not None)
            ctx.signals.dataChanged.emit(Changes.PROFILE)

        def failed(exc: BaseException) -> None:
            self.welcome.reset_busy()
            from backtrainer.ui.errors import show_error

            show_error(self, exc)

        ctx.runner.run(work, done, failed)

    # -- navigation ----------------------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        if self.rail.locked and name != "assessment":
            # the urgent-help screen holds the window (ref 8.3): the Alt+1..7 keys and other ways to a page wait
            # too (Alt+3 went to Learn and left the switched-off rail with no way back)
            log.info("navigation to %s refused: the urgent-help screen is on", name)
            return
        page = self.page(name)
        if page is None:
            log.warning("no page named %s", name)
            return
        self.stack.setCurrentWidget(page)
        if self.banner is not None:  # built once the first screen is painted
            self.banner.set_page(name)
        # a page without a rail button lights up its home (Today for a session), not the page the person came from
        # (the rail said "Assessment" during the first session)
        button = self.rail.buttons.get(name) or self.rail.buttons.get(page.RAIL_HOME)
        if button is not None:
            button.setChecked(True)

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _start_reminders(self) -> None:
        # Built after the first screen is painted: the banner starts hidden, so the first paint is the same.
        self.ctx.when_shell_ready(self._build_and_start_reminders)

    def _build_and_start_reminders(self) -> None:
        if self.reminders is None:
            from backtrainer.ui.reminders import ReminderBanner, ReminderController

            controller = ReminderController(self.ctx, self)
            self.banner = ReminderBanner(self.ctx, controller)
            current = self.current_page()
            self.banner.set_page(current.NAME if current is not None else None)
            self.right_box.insertWidget(0, self.banner)
            self.reminders = controller
        self.reminders.start()  # type: ignore[attr-defined]

    # -- the Progress page made ready ahead ----------------------------------------------------------------------
    def _start_warm_up(self) -> None:
        """Right after the first screen: the Progress code is imported on the store's thread at once (about 0.1 s
        of module and dataclass set-up, which a first open within the next moments would otherwise wait for), and
        the page is built a little later (WARM_UP_MS), on the GUI thread."""
        if self.ctx.profile_id is None:
            return
        self.ctx.runner.run(_import_progress_code, None,
                            lambda exc: log.info("Progress code not imported ahead: %s", exc))
        self._warm_timer.start()

    def _warm_up(self) -> None:
        """Once the store's thread has imported the Progress code (its job runs after the one given at the first
        screen), build the page (hidden, empty) and lay it out once in later turns of the event loop, each short.
        Not while a session runs (a turn of ~20 ms would show in the video); the page is then built when it is
        first opened."""
        current = self.current_page()
        if self.ctx.profile_id is None or "progress" in self.pages or (current is not None and
                                                                         current.NAME == "session"):
            return

        # (the window as the timers' context: nothing fires once it is gone)
        self.ctx.runner.run(_import_progress_code,
                            lambda _v: QTimer.singleShot(0, self, self._build_progress_ahead),
                            lambda exc: log.info("Progress warm-up skipped: %s", exc))

    def _build_progress_ahead(self) -> None:
        if self.ctx.profile_id is None or "progress" in self.pages:
            return
        page = self.page("progress")
        if page is not None:
            QTimer.singleShot(0, page, lambda: self._lay_out_ahead(page))

    def _lay_out_ahead(self, page: Page) -> None:
        """Polish and lay out the hidden page at the stack's size and paint it once off screen (fonts, style);
        it stays hidden, so it reads nothing until it is shown."""
        if self.pages.get("progress") is not page or page.isVisible():
            return
        page.resize(self.stack.size())
        page.grab()
        from backtrainer.ui.widgets.chart_view import ChartView, colours_for, current_theme, rehearse

        chart = page.findChild(ChartView)
        if chart is not None:  # Qt's one-off painting costs (pattern brushes, glyphs), paid now
            rehearse(chart.fonts(), colours_for(current_theme()))

    def _on_profile_changed(self, profile_id: object) -> None:
        """``None`` means the open profile was closed (switch person) or wiped: back to the start screens."""
        if profile_id is not None:
            return
        self.ctx.profile_id = None
        self._warm_timer.stop()
        self.rail.set_locked(False)  # the next person starts free; the lock comes back with this person's screen
        self.rail.who.setText("")
        for page in list(self.pages.values()):  # forget pages that showed the previous person
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        paths = self.ctx.paths

        def load() -> list[ProfileRecord]:
            from backtrainer.store.summary import list_profiles

            return list_profiles(paths.db)

        def show(profiles: list[ProfileRecord]) -> None:
            self._profiles = list(profiles)
            if not profiles:
                self._show_welcome(None)
            else:
                self.picker.set_profiles(self._profiles)
                self.root.setCurrentWidget(self.picker)

        self.ctx.runner.run(load, show)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.reminders is not None:
            self.reminders.stop()  # type: ignore[attr-defined]
        self.ctx.close()
        super().closeEvent(event)


def _import_progress_code() -> None:
    """(the store's thread) Import the Progress page's code and read the words its series need besides anyone's
    history (issue 19). Importing defines classes only: no widget is made off the GUI thread."""
    import backtrainer.ui.pages.progress  # noqa: F401  (the page and its charts: ~20 ms)
    from backtrainer.services.progress import warm  # (~90 ms: the series code and its dataclasses)

    warm()
