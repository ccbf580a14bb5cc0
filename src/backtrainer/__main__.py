"""Command line: ``backtrainer [--data-dir DIR] [--exit-after-paint] [--version]``, plus two headless commands for
clinic IT (they never import PySide6)::

    backtrainer export --data-dir D --profile NAME --format pdf|json|csv --out PATH [--pin PIN]
    backtrainer import --data-dir D --in FILE

Exit codes of the commands: 0 done, 2 usage or bad input (a plain message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys

from backtrainer import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtrainer",
        description="BackTrainer: an offline exercise coach for low back pain.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="folder for the database, backups and logs "
                        "(default: the platform's user data folder, or $BACKTRAINER_DATA_DIR)")
    parser.add_argument("--exit-after-paint", action="store_true",
                        help="start as usual, then quit right after the first screen with data is painted")
    parser.add_argument("--version", action="version", version=f"BackTrainer {__version__}")
    return parser


COMMANDS = ("export", "import")


def build_command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backtrainer", description="BackTrainer data exchange (no window).")
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser("export", help="export one profile as a PDF report, JSON or CSV files")
    exp.add_argument("--data-dir", metavar="DIR", required=True, help="the BackTrainer data folder")
    exp.add_argument("--profile", metavar="NAME", required=True, help="the profile's nickname")
    exp.add_argument("--format", choices=("pdf", "json", "csv"), required=True)
    exp.add_argument("--out", metavar="PATH", required=True, help="output file (pdf, json) or folder (csv)")
    exp.add_argument("--pin", metavar="PIN", help="the profile's PIN, when it has one")
    imp = sub.add_parser("import", help="import a JSON export as a new profile")
    imp.add_argument("--data-dir", metavar="DIR", required=True, help="the BackTrainer data folder")
    imp.add_argument("--in", dest="infile", metavar="FILE", required=True, help="a backtrainer-profile JSON file")
    return parser


def _fail(message: str) -> int:
    print(f"backtrainer: {message}", file=sys.stderr)
    return 2


def run_command(argv: list[str]) -> int:
    """``export`` / ``import``: headless, through services only."""
    try:
        args = build_command_parser().parse_args(argv)
    except SystemExit as exc:  # argparse printed the usage message
        return 0 if exc.code == 0 else 2
    from datetime import datetime
    from pathlib import Path

    from backtrainer.paths import DataPaths

    paths = DataPaths(Path(args.data_dir).expanduser())
    now = datetime.now()
    try:
        if args.command == "export":
            return _export(args, paths, now)
        return _import(args, paths, now)
    except ValueError as exc:  # ExchangeError, InputError, NotFoundError-free bad input
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except Exception as exc:  # the store refused (newer schema, damaged file, ...): a message, not a traceback
        return _fail(f"{type(exc).__name__}: {exc}")


def _export(args: argparse.Namespace, paths: object, now: object) -> int:
    from datetime import datetime
    from pathlib import Path

    from backtrainer.paths import DataPaths
    from backtrainer.services import exchange
    from backtrainer.services.pin import verify_pin
    from backtrainer.store.db import Database
    from backtrainer.store.opening import open_store
    from backtrainer.store.tables import Profile

    assert isinstance(paths, DataPaths) and isinstance(now, datetime)
    if not paths.db.is_file():
        return _fail(f"there is no BackTrainer data in {paths.root}")
    open_store(paths, now)
    db = Database(paths.db)
    try:
        profile_id = exchange.find_profile(db, args.profile)
        with db.session_scope() as s:
            row = s.get(Profile, profile_id)
            pin_hash = None if row is None else row.pin_hash
        if pin_hash:
            if not args.pin:
                return _fail(f"the profile {args.profile!r} has a PIN; give it with --pin")
            if not verify_pin(args.pin, pin_hash):
                return _fail("that PIN is not right for this profile")
        out = Path(args.out).expanduser()
        if args.format == "pdf":
            from backtrainer.services.report import write_report

            info = write_report(db, profile_id, out, today=now.date(), now=now)
            print(f"wrote {info.path} ({info.pages} pages)")
        elif args.format == "json":
            exchange.export_json(db, profile_id, out)
            print(f"wrote {out}")
        else:
            files = exchange.export_csv(db, profile_id, out)
            print(f"wrote {len(files)} CSV files to {out}")
    finally:
        db.dispose()
    return 0


def _import(args: argparse.Namespace, paths: object, now: object) -> int:
    from datetime import datetime
    from pathlib import Path

    from backtrainer.paths import DataPaths
    from backtrainer.services import exchange
    from backtrainer.store.db import Database
    from backtrainer.store.opening import open_store

    assert isinstance(paths, DataPaths) and isinstance(now, datetime)
    source = Path(args.infile).expanduser()
    if not source.is_file():
        return _fail(f"there is no file {source}")
    document = exchange.parse_document(source.read_bytes()[: exchange.MAX_FILE_BYTES + 1]
                                       if source.stat().st_size <= exchange.MAX_FILE_BYTES
                                       else b" " * (exchange.MAX_FILE_BYTES + 1))
    paths.ensure()
    open_store(paths, now)
    db = Database(paths.db)
    try:
        result = exchange.import_document(db, document)
    finally:
        db.dispose()
    print(f"imported profile {result.nickname!r} ({result.rows} records)")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return run_command(argv)
    args = build_parser().parse_args(argv)
    from backtrainer import bootstrap

    return bootstrap.run(args)


if __name__ == "__main__":
    sys.exit(main())
