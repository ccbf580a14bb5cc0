"""Command line: ``backtrainer [--data-dir DIR] [--exit-after-paint] [--version]``."""

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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from backtrainer import bootstrap

    return bootstrap.run(args)


if __name__ == "__main__":
    sys.exit(main())
