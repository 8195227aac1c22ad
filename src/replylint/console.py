"""The `replylint` console script.

A pre-send hook runs `replylint check` once per message, so start-up matters: importing typer
(with click and pydantic) costs about as much as loading the dictionary. A plain `check` command
line is therefore parsed here by a small parser that knows exactly the options of cli.check and
runs :func:`run.run_check` directly. Anything else, or anything this parser is unsure of (help,
an unknown option, a bad value), goes to the typer app, which gives the usual help and errors.
A test holds the two parsers to the same options and the same results.
"""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from .errors import ReplylintError

if TYPE_CHECKING:
    from .run import CheckOptions

# option -> (field, kind); kind: "value", "list" (repeatable), or the value a flag sets
_VALUE, _LIST = "value", "list"
CHECK_OPTIONS: dict[str, tuple[str, object]] = {
    "--format": ("format", _VALUE),
    "-f": ("format", _VALUE),
    "--fail-on": ("fail_on", _VALUE),
    "--mode": ("mode", _VALUE),
    "--context": ("context_file", _VALUE),
    "--client": ("client", _VALUE),
    "--student": ("student", _VALUE),
    "--lesson": ("lesson", _LIST),
    "--rules": ("rules", _LIST),
    "--config": ("config", _VALUE),
    "--disable": ("disable", _LIST),
    "--enable": ("enable", _LIST),
    "--stdin-filename": ("stdin_filename", _VALUE),
    "--color": ("color", True),
    "--no-color": ("color", False),
    "--statistics": ("statistics", True),
    "--jobs": ("jobs", _VALUE),
    "-j": ("jobs", _VALUE),
    "--fix": ("fix", True),
    "--unsafe-fixes": ("unsafe_fixes", True),
    "--diff": ("diff", True),
    "--min-severity": ("min_severity", _VALUE),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--output-file": ("output_file", _VALUE),
    "-o": ("output_file", _VALUE),
    "--exclude": ("exclude", _LIST),
    "--baseline": ("baseline", _VALUE),
    "--write-baseline": ("write_baseline", _VALUE),
    "--no-cache": ("cache", False),
}
_PATH_FIELDS = {"rules", "config", "context_file"}
# the values of check's options that take one of a list (usage.py names them in its errors)
CHOICES = {
    "format": ("text", "json", "sarif", "github"),
    "fail_on": ("error", "warning", "info", "never"),
    "mode": ("draft", "template"),
    "min_severity": ("info", "warning", "error"),
}
# the commands of the typer app in cli.py (a test holds them equal): a mistyped one is caught here
COMMANDS = ("check", "rules", "explain", "test-rules", "init", "serve", "extension", "lsp", "report")


def parse_check(args: list[str]) -> CheckOptions | None:
    """The options of `replylint check ARGS`, or None when typer should handle the command line."""
    from pathlib import Path

    from .run import CheckOptions

    values: dict[str, object] = {}
    paths: list[str] = []
    i = 0
    only_paths = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_paths or arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        if arg == "--":
            only_paths = True
            continue
        name, eq, inline = arg.partition("=")
        if name not in CHECK_OPTIONS:
            return None  # -h, --help, a typo: typer explains
        field_name, kind = CHECK_OPTIONS[name]
        if kind not in (_VALUE, _LIST):
            if eq:
                return None
            values[field_name] = kind
            continue
        if eq:
            value = inline
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            return None
        if field_name in CHOICES and value not in CHOICES[field_name]:
            return None
        if field_name == "jobs":
            if not value.isdigit():
                return None
            value = int(value)  # type: ignore[assignment]
        if kind == _LIST:
            values.setdefault(field_name, []).append(value)  # type: ignore[union-attr]
        else:
            values[field_name] = value
    if not paths:
        return None
    # typer reads these as Path, which normalises them ("team/" -> "team"); so do we
    for name in _PATH_FIELDS & set(values):
        value = values[name]
        values[name] = [str(Path(v)) for v in value] if isinstance(value, list) else str(Path(value))  # type: ignore[arg-type]
    return CheckOptions(paths=paths, **values)  # type: ignore[arg-type]


def main() -> None:
    """The console script: exits with the status of the command."""
    from .start import keep_own_bytecode

    keep_own_bytecode()  # (done already when the console script came in through start.py)
    args = sys.argv[1:]
    options = parse_check(args[1:]) if args[:1] == ["check"] else None
    if options is None:
        from .usage import run_app

        sys.exit(status_of(lambda: run_app(args, COMMANDS)))
    code = run_fast_check(options)
    # A plain check has written nothing but its report, so it can leave without tearing down the
    # interpreter: freeing the dictionary and the compiled rules object by object costs a pre-send
    # hook ~25 ms per message. Everything written is flushed first.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`| head`): not an error of the check
        pass
    os._exit(code)


def run_fast_check(options: CheckOptions) -> int:
    """`replylint check` without typer; the exit status."""
    from .run import run_check

    return status_of(lambda: run_check(options))


def status_of(run) -> int:
    """Run, and turn every way of stopping into an exit status: 2 with one line for a run that
    could not be done, never a traceback (REPLYLINT_DEBUG=1 shows one for internal errors)."""
    try:
        return run() or 0
    except ReplylintError as exc:
        sys.stderr.write(f"replylint: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - a user gets one line, not a traceback
        if os.environ.get("REPLYLINT_DEBUG"):
            raise
        sys.stderr.write(f"replylint: внутренняя ошибка: {type(exc).__name__}: {exc} (подробности: REPLYLINT_DEBUG=1)\n")
        return 2
