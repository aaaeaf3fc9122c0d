"""ShopSentry entry point: the GUI by default, CLI subcommands, --smoke-test."""

import os
import sys

# options that take a value, so that value is not mistaken for a command or a file
_VALUE_OPTIONS = ("--data-dir", "--database-url", "--tz", "--now", "--screenshot-dir", "--lang", "--platform", "-platform")


def first_word(argv: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a.startswith("-"):
            skip = a in _VALUE_OPTIONS  # "--tz=UTC" carries its own value
        else:
            return a
    return None


def looks_like_a_file(word: str) -> bool:
    """An export handed to the window ("open with ShopSentry"), even one that has since moved:
    the import flow then says it is missing."""
    return (os.path.exists(word) or os.sep in word or "/" in word
            or word.lower().endswith((".xlsx", ".xls", ".csv", ".ods")))


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from app.cli import COMMANDS, run

    word = first_word(argv)
    wants_cli = any(a in ("-h", "--help", "--version") for a in argv)
    # a word that is neither a command nor an existing file is a mistyped command: let the
    # command line say so (exit 2) instead of opening a window that imports nothing
    if wants_cli or word in COMMANDS or (word is not None and not looks_like_a_file(word)):
        return run(argv)
    from ui.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
