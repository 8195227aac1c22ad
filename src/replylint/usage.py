"""Help and usage errors for the console script, the same whatever typer's version.

typer parses the command line of every command but a plain `check` (console.py), and its releases
differ in how they show help and errors: from 0.26 on it carries its own copy of click, whose
exceptions are not click's, and its help prints types such as ``<list[str]>``. So replylint prints
both itself, from what every version keeps: the commands' parameters (names, help, metavar,
default) and the usage exception's context. A mistake is one line on stderr naming the command,
what was wrong and what was probably meant, exit status 2.
"""
from __future__ import annotations

import inspect
import re
import shutil
import sys
import textwrap
from typing import Any, Callable

from .errors import close_matches

PROG = "replylint"
HELP_OPTIONS = ("-h", "--help")


def run_app(args: list[str], commands: tuple[str, ...]) -> int:
    """Run the typer app on ``args``; help and usage errors are shown here. The exit status."""
    words = args[: args.index("--")] if "--" in args else args
    if args[:1] in (["--version"], ["-V"]):
        sys.stdout.write(version_line())
        return 0
    if not args:
        sys.stdout.write(help_text(_command(None), PROG))
        return 2
    name = args[0] if not args[0].startswith("-") else None
    if name is not None and name not in commands:
        return _fail(PROG, f"нет команды {name!r}" + (_did_you_mean(name, commands) or f"; команды: {', '.join(commands)}"))
    if any(w in HELP_OPTIONS for w in words):
        command = _command(name)
        sys.stdout.write(help_text(command, f"{PROG} {name}" if name else PROG))
        return 0
    from .cli import app

    try:
        return app(args=args, prog_name=PROG, standalone_mode=False) or 0
    except Exception as exc:  # noqa: BLE001 - only typer's own usage exceptions are handled here
        kinds = _click_kinds(exc)
        if "NoArgsIsHelpError" in kinds:
            ctx = getattr(exc, "ctx", None)
            sys.stdout.write(help_text(ctx.command, ctx.command_path) if ctx else help_text(_command(None), PROG))
            return 2
        if "UsageError" in kinds:
            return _fail(*usage_error(exc, args, _command(name), f"{PROG} {name}" if name else PROG))
        if "Exit" in kinds:
            return getattr(exc, "exit_code", 0)
        if "Abort" in kinds:
            return 130
        if "ClickException" in kinds:
            return _fail(PROG, exc.format_message())
        raise


def _fail(where: str, message: str) -> int:
    sys.stderr.write(f"{where}: {message}\n")
    return 2


def _click_kinds(exc: BaseException) -> set[str]:
    """The click exception classes ``exc`` is, by name: click's own or typer's copy of them."""
    return {c.__name__ for c in type(exc).__mro__ if c.__module__.split(".")[0] in ("click", "typer")}


def _command(name: str | None):
    import typer.main

    from .cli import app

    group = typer.main.get_command(app)
    return group if name is None else group.commands[name]


def _did_you_mean(word: str, choices, n: int = 2) -> str:
    close = close_matches(word, list(choices), n=n)
    return f"; может быть, {' или '.join(close)}?" if close else ""


# -- usage errors ------------------------------------------------------------------------------


def usage_error(exc: Any, args: list[str], command: Any = None, where: str = PROG) -> tuple[str, str]:
    """(where, message) for a usage exception of click or of typer's copy of it; ``command`` and
    ``where`` stand for the exception's context where it has none."""
    kinds = _click_kinds(exc)
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command", None) or command
    where = getattr(ctx, "command_path", None) or where
    see = f" (см. {where} --help)"
    if "NoSuchOption" in kinds:
        option = str(getattr(exc, "option_name", "") or "")
        hint = _did_you_mean(option, option_names(command)) if command is not None else ""
        return where, f"нет параметра {option}{hint or see}"
    if "BadOptionUsage" in kinds:
        option = str(getattr(exc, "option_name", "") or "")
        param = _param_named(command, option)
        if param is not None and "requires an argument" in exc.format_message():
            return where, f"после {option} нужно значение{_choices_hint(param, '')}"
        if "does not take a value" in exc.format_message():
            return where, f"{option} не принимает значения{see}"
        return where, f"{option}: {exc.format_message()}{see}"
    if "MissingParameter" in kinds:
        param = getattr(exc, "param", None)
        if param is not None and getattr(param, "param_type_name", "") == "argument":
            return where, f"не указан аргумент {display_name(param)}{see}"
        if param is not None:
            return where, f"не указан {_option_label(param)}{see}"
        return where, f"не хватает аргумента{see}"
    if "BadParameter" in kinds:
        param = getattr(exc, "param", None)
        if param is None:
            return where, exc.format_message()
        label = _option_label(param)
        value = _value_given(args, param)
        shown = f" {value!r}" if value is not None else ""
        hint = _choices_hint(param, value) or see
        return where, f"недопустимое значение{shown} для {label}{hint}"
    message = exc.format_message()
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if extra:
        return where, f"лишний аргумент: {extra.group(1)}{see}"
    return where, f"{message}{see}"


def option_names(command) -> list[str]:
    names = [*HELP_OPTIONS, *(("--version", "-V") if getattr(command, "commands", None) else ())]
    for param in getattr(command, "params", []):
        names += [o for o in (*param.opts, *getattr(param, "secondary_opts", ())) if o.startswith("-")]
    return names


def _param_named(command, option: str):
    for param in getattr(command, "params", []):
        if option in (*param.opts, *getattr(param, "secondary_opts", ())):
            return param
    return None


def _option_label(param) -> str:
    longs = [o for o in param.opts if o.startswith("--")]
    return (longs or list(param.opts) or [display_name(param)])[0]


def _value_given(args: list[str], param) -> str | None:
    """The last value given to ``param`` on the command line (the one typer refused)."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        for opt in param.opts:
            if arg == opt and i + 1 < len(args):
                value = args[i + 1]
            elif opt.startswith("--") and arg.startswith(opt + "="):
                value = arg[len(opt) + 1 :]
    return value


def choices_of(param) -> tuple[str, ...]:
    """The values an option takes, where they are a fixed list (from its default's Enum, or the table
    console.py keeps for check)."""
    from .console import CHOICES

    if param.name in CHOICES:
        return CHOICES[param.name]
    default = getattr(param, "default", None)
    members = getattr(type(default), "__members__", None)
    return tuple(m.value for m in members.values()) if members else ()


def _choices_hint(param, value: str | None) -> str:
    choices = choices_of(param)
    if not choices:
        return ""
    return f"; допустимы: {', '.join(choices)}{_did_you_mean(value, choices, 1) if value else ''}"


# -- help ----------------------------------------------------------------------------------------


def display_name(param) -> str:
    if param.metavar:
        return param.metavar
    name = param.name.upper()
    return f"{name}..." if param.nargs == -1 else name


def help_text(command, path: str) -> str:
    """The help of a command (or of the whole app), plain text wrapped to the terminal."""
    width = max(60, min(shutil.get_terminal_size((90, 24)).columns, 100))
    params = [p for p in getattr(command, "params", []) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    subcommands = getattr(command, "commands", None)
    usage = [path, "[OPTIONS]"]
    for p in arguments:
        name = display_name(p)
        usage.append(name if p.required else f"[{name}]")
    if subcommands:
        usage.append("COMMAND [ARGS]...")
    out = [f"Usage: {' '.join(usage)}", ""]
    doc = inspect.cleandoc(command.help or "") if getattr(command, "help", None) else ""
    for paragraph in doc.split("\n\n") if doc else []:
        out += textwrap.wrap(" ".join(paragraph.split()), width - 2, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False) + [""]
    rows: list[tuple[str, str]] = []
    if arguments and any(getattr(p, "help", None) for p in arguments):
        out.append("Arguments:")
        out += _rows([(display_name(p), getattr(p, "help", None) or "") for p in arguments], width) + [""]
    for p in options:
        rows.append((_option_usage(p), _option_help(p)))
    if subcommands:
        rows.append(("-V, --version", "Show the version and exit."))
    rows.append(("-h, --help", "Show this help and exit."))
    out.append("Options:")
    out += _rows(rows, width)
    if subcommands:
        out += ["", "Commands:"]
        out += _rows([(name, _first_line(c.help)) for name, c in subcommands.items() if not getattr(c, "hidden", False)], width)
        out += ["", f"Run '{path} COMMAND --help' for a command's options."]
    return "\n".join(out).rstrip() + "\n"


def _first_line(text: str | None) -> str:
    return inspect.cleandoc(text or "").split("\n\n")[0].replace("\n", " ")


def _option_usage(p) -> str:
    shorts = [o for o in p.opts if not o.startswith("--")]
    longs = [o for o in p.opts if o.startswith("--")]
    names = ", ".join(shorts + longs)
    if getattr(p, "secondary_opts", None):
        names += " / " + ", ".join(p.secondary_opts)
    if not getattr(p, "is_flag", False) and not getattr(p, "count", False):
        names += " " + (p.metavar or p.name.upper())
    return names


def _option_help(p) -> str:
    text = " ".join((getattr(p, "help", None) or "").split())
    default = getattr(p, "default", None)
    default = getattr(default, "value", default)  # an Enum member
    shown = getattr(p, "show_default", None)
    if shown is not False and default not in (None, False, "", [], ()) and not callable(default):
        text += " " + f"[default: {default}]".replace(" ", "\0")  # kept on one line by _rows
    return text


def _rows(rows: list[tuple[str, str]], width: int) -> list[str]:
    left = min(max((len(name) for name, _ in rows), default=0), 30) + 4
    out = []
    for name, text in rows:
        lines = [line.replace("\0", " ") for line in textwrap.wrap(text, max(20, width - left), break_on_hyphens=False)] or [""]
        if len(name) + 4 > left:
            out.append(f"  {name}")
            out += [" " * left + line for line in lines if line]
        else:
            out.append(f"  {name:<{left - 2}}{lines[0]}".rstrip())
            out += [" " * left + line for line in lines[1:]]
    return out


def version_line() -> str:
    from . import __version__

    return f"{PROG} {__version__}\n"

