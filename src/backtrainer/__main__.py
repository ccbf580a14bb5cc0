"""Command line: ``backtrainer [--data-dir DIR] [--exit-after-paint] [--version]``, plus two headless commands for
clinic IT (they never import PySide6)::

    backtrainer export --data-dir D --profile NAME --format pdf|json|csv --out PATH [--pin-stdin]
    backtrainer import --data-dir D --in FILE [--clinician ID [--pin-stdin]]

A PIN is read from standard input (``--pin-stdin``, one line) or asked for at the terminal, never from the command
line, where every user of the computer can see it; wrong PINs meet the same lock-out as in the app (issue 17).
Exports are user-only and never go into the data folder's own files.

Exit codes of the commands: 0 done, 2 usage or bad input (a plain message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys

from backtrainer import __version__
from backtrainer.i18n import _


def _option(argv: list[str], name: str) -> str | None:
    """The value of ``name`` in ``argv`` (``--name VALUE`` or ``--name=VALUE``), before argparse runs."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg[len(name) + 1:]
    return None


def _use_language(argv: list[str]) -> None:
    """Speak the language of the data folder's settings (else the system's) in help texts and messages."""
    from pathlib import Path

    from backtrainer import i18n
    from backtrainer.display import peek_display
    from backtrainer.paths import DataPaths

    folder = _option(argv, "--data-dir")
    choice = peek_display(DataPaths(Path(folder).expanduser()).settings).language if folder else "system"
    i18n.set_language(i18n.resolve(choice))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtrainer",
        description=_("BackTrainer: an offline exercise coach for low back pain."),
    )
    parser.add_argument("--data-dir", metavar="DIR", help=_("folder for the database, backups and logs "
                        "(default: the platform's user data folder, or $BACKTRAINER_DATA_DIR)"))
    parser.add_argument("--exit-after-paint", action="store_true",
                        help=_("start as usual, then quit right after the first screen with data is painted"))
    parser.add_argument("--version", action="version", version=f"BackTrainer {__version__}")
    return parser


COMMANDS = ("export", "import")


def build_command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backtrainer", description=_("BackTrainer data exchange (no window)."))
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser("export", help=_("export one profile as a PDF report, JSON or CSV files"))
    exp.add_argument("--data-dir", metavar="DIR", required=True, help=_("the BackTrainer data folder"))
    exp.add_argument("--profile", metavar="NAME", required=True, help=_("the profile's nickname"))
    exp.add_argument("--format", choices=("pdf", "json", "csv"), required=True)
    exp.add_argument("--out", metavar="PATH", required=True, help=_("output file (pdf, json) or folder (csv)"))
    exp.add_argument("--pin-stdin", action="store_true", help=_("read the profile's PIN from standard input (without "
                     "it, the PIN is asked for when the profile has one)"))
    exp.add_argument("--pin", metavar="PIN", help=argparse.SUPPRESS)  # refused: argv is visible to everyone
    _wait_option(exp)
    imp = sub.add_parser("import", help=_("import a JSON export as a new profile"))
    imp.add_argument("--data-dir", metavar="DIR", required=True, help=_("the BackTrainer data folder"))
    imp.add_argument("--in", dest="infile", metavar="FILE", required=True, help=_("a backtrainer-profile JSON file"))
    imp.add_argument("--clinician", metavar="ID", help=_("a clinician of this laptop (c1, c2, ...): with their PIN, "
                     "the file's clinician-only settings are kept; without it they are left out"))
    imp.add_argument("--pin-stdin", action="store_true", help=_("read the clinician's PIN from standard input"))
    imp.add_argument("--pin", metavar="PIN", help=argparse.SUPPRESS)
    _wait_option(imp)
    return parser


def _wait_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--wait", metavar="SECONDS", type=float, default=30.0, help=_(
        "when BackTrainer is open for this data folder, wait this long for it to close (default 30)"))


def _fail(message: str) -> int:
    print(f"backtrainer: {message}", file=sys.stderr)
    return 2


def _read_pin(args: argparse.Namespace, prompt: str) -> str | None:
    """The PIN from standard input (--pin-stdin) or a hidden prompt at a terminal; None when there is neither.
    ``--pin PIN`` is refused: the command line of a running program is visible to every user of the computer."""
    if args.pin is not None:
        raise ValueError(_("--pin is not accepted: other users of this computer can see a command line. Use "
                           "--pin-stdin, or leave it out to be asked for the PIN."))
    if args.pin_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return None


def run_command(argv: list[str]) -> int:
    """``export`` / ``import``: headless, through services only."""
    _use_language(argv)
    try:
        args = build_command_parser().parse_args(argv)
    except SystemExit as exc:  # argparse printed the usage message
        return 0 if exc.code == 0 else 2
    from datetime import datetime
    from pathlib import Path

    from backtrainer.paths import DataPaths

    paths = DataPaths(Path(args.data_dir).expanduser())
    now = datetime.now()
    from backtrainer.folder_lock import COMMAND, FolderBusy, FolderLock

    # The app's one-per-folder lock (issue 17, item 6): an import or export never runs beside the open app.
    lock = FolderLock(paths.lock, COMMAND)
    try:
        if not paths.root.is_dir():
            if args.command == "export":
                return _fail(_("there is no BackTrainer data in {folder}").format(folder=paths.root))
            paths.ensure()
        _warn_if_open_to_others(paths)
        try:
            lock.acquire(args.wait, on_wait=lambda _holder: print(_(
                "BackTrainer is open for this data folder. Waiting up to {seconds} seconds for it to close "
                "(close BackTrainer to go on)...").format(seconds=_seconds(args.wait)), file=sys.stderr))
        except FolderBusy:
            return _fail(_("BackTrainer is still open for this data folder. Close it, then run the command "
                           "again. Nothing was changed."))
        if args.command == "export":
            return _export(args, paths, now)
        return _import(args, paths, now)
    except ValueError as exc:  # ExchangeError, InputError, NotFoundError-free bad input
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except Exception as exc:  # the store refused (newer schema, damaged file, ...): a message, not a traceback
        return _fail(_store_message(exc))
    finally:
        lock.release()


def _seconds(value: float) -> str:
    return f"{value:g}"


def _warn_if_open_to_others(paths: object) -> None:
    from backtrainer.paths import DataPaths

    assert isinstance(paths, DataPaths)
    if paths.open_to_others():
        print(_("warning: the data folder {folder} can be read by other users of this computer; only you should "
                "be able to open it (chmod 700)").format(folder=paths.root), file=sys.stderr)


def _store_message(exc: Exception) -> str:
    """Plain words for the store's refusals (nothing was changed in any of these cases)."""
    from backtrainer.store.errors import DatabaseBusyError, DatabaseMissingError, DataUnavailableError

    if isinstance(exc, DataUnavailableError):
        return _("the data file cannot be read or written just now (the disk may be full); nothing was changed. "
                 "Free some space and try again. ({detail})").format(detail=exc)
    if isinstance(exc, DatabaseMissingError):
        return _("the data file is missing or empty, but there is a backup from {date}. Start BackTrainer to go "
                 "back to it; nothing was changed.").format(date=f"{exc.backup_taken_at:%Y-%m-%d %H:%M}")
    if isinstance(exc, DatabaseBusyError):
        return _("another program is using the data file; nothing was changed. Try again in a minute.")
    return f"{type(exc).__name__}: {exc}"


def _export(args: argparse.Namespace, paths: object, now: object) -> int:
    from datetime import datetime
    from pathlib import Path

    from backtrainer.paths import DataPaths
    from backtrainer.services import exchange
    from backtrainer.services.clock import SystemClock
    from backtrainer.services.profiles import ProfilePins
    from backtrainer.store.db import Database
    from backtrainer.store.opening import open_store
    from backtrainer.store.tables import Profile

    assert isinstance(paths, DataPaths) and isinstance(now, datetime)
    if args.pin is not None:
        _read_pin(args, "")  # refuses --pin before anything is opened
    if not paths.db.is_file():
        return _fail(_("there is no BackTrainer data in {folder}").format(folder=paths.root))
    out = Path(args.out).expanduser()
    exchange.check_out_path(paths.root, out)
    open_store(paths, now)
    db = Database(paths.db)
    try:
        profile_id = exchange.find_profile(db, args.profile)
        with db.session_scope() as s:
            row = s.get(Profile, profile_id)
            pin_hash = None if row is None else row.pin_hash
        if pin_hash:
            pin = _read_pin(args, _("PIN of {name}: ").format(name=args.profile))
            if not pin:
                return _fail(_("the profile {name} has a PIN; give it with --pin-stdin").format(
                    name=repr(args.profile)))
            ProfilePins(db, SystemClock()).unlock(profile_id, pin)  # the app's lock-out (WrongPinError, ...)
        if args.format == "pdf":
            from backtrainer.services.report import write_report

            info = write_report(db, profile_id, out, today=now.date(), now=now)
            print(_("wrote {path} ({pages} pages)").format(path=info.path, pages=info.pages))
        elif args.format == "json":
            exchange.export_json(db, profile_id, out)
            print(_("wrote {path}").format(path=out))
        else:
            files = exchange.export_csv(db, profile_id, out)
            print(_("wrote {count} CSV files to {folder}").format(count=len(files), folder=out))
    finally:
        db.dispose()
    return 0


def _import(args: argparse.Namespace, paths: object, now: object) -> int:
    from datetime import datetime
    from pathlib import Path

    from backtrainer.paths import DataPaths
    from backtrainer.services import exchange
    from backtrainer.services.clinic import ClinicService
    from backtrainer.services.clock import SystemClock
    from backtrainer.store.db import Database
    from backtrainer.store.opening import open_store

    assert isinstance(paths, DataPaths) and isinstance(now, datetime)
    if args.pin is not None or (args.pin_stdin and not args.clinician):
        if args.pin is not None:
            _read_pin(args, "")
        return _fail(_("--pin-stdin goes with --clinician ID"))
    source = Path(args.infile).expanduser()
    if not source.is_file():
        return _fail(_("there is no file {path}").format(path=source))
    document = exchange.parse_document(exchange.read_import_file(source))  # all checks before anything is written
    paths.ensure()
    open_store(paths, now)
    db = Database(paths.db)
    try:
        clinic = ClinicService(db, paths, SystemClock())
        clinician = None
        if args.clinician:
            pin = _read_pin(args, _("PIN of clinician {id}: ").format(id=args.clinician))
            if not pin:
                return _fail(_("give the clinician's PIN with --pin-stdin"))
            clinician = clinic.verify(args.clinician, pin).id  # the app's lock-out (WrongPinError, ...)
        result = exchange.import_document(db, document, clinician=clinician)
        if clinician is not None:
            clinic.audit_import(clinician, result.profile_id, result.rows)
    finally:
        db.dispose()
    print(_("imported profile {name} ({rows} records)").format(name=repr(result.nickname), rows=result.rows))
    if result.dropped:
        print(_("Clinician-only settings in the file were left out, because no clinician signed in for the import: "
                "{fields}. A red-flag pause in the file stays until a clinician clears it. To keep them, import "
                "again with --clinician ID.").format(fields=", ".join(result.dropped)))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return run_command(argv)
    if "-h" in argv or "--help" in argv:
        _use_language(argv)
    args = build_parser().parse_args(argv)
    from backtrainer import bootstrap

    return bootstrap.run(args)


if __name__ == "__main__":
    sys.exit(main())
