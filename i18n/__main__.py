"""`python -m i18n update` (extract, merge, compile) and `python -m i18n check`."""

from __future__ import annotations

import argparse
import logging
import sys

from i18n import catalogs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m i18n", description=__doc__)
    parser.add_argument(
        "command",
        choices=["update", "check"],
        help="update: extract messages, merge them into every .po, compile the .mo files; "
        "check: list empty, fuzzy or mismatched translations and stale catalogs",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(message)s", level=logging.INFO)
    log = logging.getLogger("i18n")
    if args.command == "update":
        catalogs.update()
    problems = list(catalogs.all_problems())
    if args.command == "check":
        for problem in problems:
            log.info("%s", problem)
    else:
        for code in catalogs.TRANSLATED:
            left = sum(1 for problem in problems if problem.code == code)
            log.info("%s: %d to translate or fix", code, left)
    log.info("%d messages, %d problems", len(catalogs.read(catalogs.TEMPLATE)), len(problems))
    return 1 if problems and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
