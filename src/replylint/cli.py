"""The command line (typer): check, rules, explain, test-rules, init, serve, extension, lsp, report.

The console script starts in console.py, which runs a plain `check` without importing this module.

Every run either finishes (exit 0, or 1 when something reaches the fail level) or stops with one
line on stderr naming the file and line and exit 2; input is read in full before anything is
written, so a bad file never leaves half a report behind.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="replylint: a linter for Russian customer-support reply drafts.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Mode(str, Enum):
    draft = "draft"
    template = "template"


def _fail(message: str) -> None:
    sys.stderr.write(f"replylint: {message}\n")
    raise typer.Exit(2)


def _linter(config_path: Optional[Path], rules: List[Path], disable: List[str], enable: List[str]):
    from .run import make_linter

    return make_linter(str(config_path) if config_path else None, [str(r) for r in rules], disable, enable)


class MinSeverity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


@app.command()
def check(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Draft files, folders, or - for stdin."),
    format: Format = typer.Option(Format.text, "--format", "-f", metavar="FORMAT", help="Output format: text, json, sarif or github."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", metavar="LEVEL", help="Exit 1 when a finding is at or above LEVEL: error (the default), warning, info, or never."),
    min_severity: Optional[MinSeverity] = typer.Option(None, "--min-severity", metavar="LEVEL", help="Show only findings at or above LEVEL: info (the default), warning or error; --fail-on still counts every finding."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Show errors only (--min-severity error)."),
    mode: Optional[Mode] = typer.Option(None, "--mode", metavar="MODE", help="draft (the default) or template."),
    context_file: Optional[Path] = typer.Option(None, "--context", metavar="FILE", help="Context file (YAML or JSON): client, student, lesson..."),
    client: Optional[str] = typer.Option(None, "--client", metavar="NAME", help="The client's name."),
    student: Optional[str] = typer.Option(None, "--student", metavar="NAME", help="The student's name."),
    lesson: Optional[List[str]] = typer.Option(None, "--lesson", metavar="WHEN", help='The lesson: "YYYY-MM-DD HH:MM" or "HH:MM" (repeatable).'),
    rules: List[Path] = typer.Option([], "--rules", metavar="PATH", help="Extra rule file or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Config file (default: the nearest .replylint.yaml)."),
    disable: List[str] = typer.Option([], "--disable", metavar="ID", help="Switch a rule off (repeatable)."),
    enable: List[str] = typer.Option([], "--enable", metavar="ID", help="Switch a rule on (repeatable)."),
    exclude: List[str] = typer.Option([], "--exclude", metavar="GLOB", help="Skip files and folders matching GLOB (repeatable; added to the config's exclude:)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="FILE", help="Do not report the findings recorded in FILE (see --write-baseline)."),
    write_baseline: Optional[str] = typer.Option(None, "--write-baseline", metavar="FILE", help="Record every finding in FILE, to adopt replylint on existing files; exits 0."),
    output_file: Optional[str] = typer.Option(None, "--output-file", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."),
    stdin_filename: str = typer.Option("-", "--stdin-filename", metavar="NAME", help="The name to report for stdin (also matched against the config's modes).", show_default=False),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour on or off (default: on a terminal without NO_COLOR)."),
    statistics: bool = typer.Option(False, "--statistics", help="After the report, count findings per rule (on stderr for json and sarif)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, metavar="N", help="Check files in N processes (0: one per core; default: one per core from 100 files on); the report keeps the files' order.", show_default=False),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes in place (drafts and macro collections), then report what is left."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="With --fix or --diff: apply the unsafe fixes too."),
    diff: bool = typer.Option(False, "--diff", help="Print what --fix would change as a unified diff; change nothing."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Check every file again, without reading or writing the result cache."),
) -> None:
    """Check reply drafts and report what breaks the service principles.

    A .yaml, .yml or .json file is a macro collection: each template in it is checked on its own
    (in template mode unless --mode, --context or the config's modes say otherwise).
    """
    from .run import CheckOptions, run_check

    options = CheckOptions(
        paths=list(paths),
        format=format.value,
        fail_on=fail_on.value if fail_on else None,
        min_severity=min_severity.value if min_severity else None,
        quiet=quiet,
        mode=mode.value if mode else None,
        context_file=str(context_file) if context_file else None,
        client=client,
        student=student,
        lesson=list(lesson or []),
        rules=[str(r) for r in rules],
        config=str(config) if config else None,
        disable=list(disable),
        enable=list(enable),
        exclude=list(exclude),
        baseline=baseline,
        write_baseline=write_baseline,
        output_file=output_file,
        stdin_filename=stdin_filename,
        color=color,
        statistics=statistics,
        jobs=jobs,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        cache=not no_cache,
    )
    raise typer.Exit(run_check(options))


@app.command("rules")
def list_rules(
    rules: List[Path] = typer.Option([], "--rules", metavar="PATH", help="Extra rule file or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Config file (default: the nearest .replylint.yaml)."),
    all_rules: bool = typer.Option(False, "--all", help="Also list rules that are switched off."),
) -> None:
    """List the rules in force: id, severity, kind, what it catches, principle."""
    linter = _linter(config, rules, [], [])
    shown = linter.rules if all_rules else linter.active
    from .explain import message_template

    width = max((len(r.id) for r in shown), default=2)
    for r in shown:  # one line a rule, the id first: scripts cut the table
        severity = linter.config.severity.get(r.id, r.severity)
        state = " (выключено)" if r not in linter.active else ""
        what = r.description or message_template(r.message)
        sys.stdout.write(f"{r.id:<{width}}  {severity:<7}  {r.kind:<12}  {what}; принцип: {r.principle['name']}{state}\n")


@app.command()
def explain(
    rule_id: str = typer.Argument(..., metavar="ID", help="The rule's id, e.g. refusal-no-reason (all ids: replylint rules --all)."),
    rules: List[Path] = typer.Option([], "--rules", metavar="PATH", help="Extra rule file or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Config file (default: the nearest .replylint.yaml)."),
) -> None:
    """Why a rule exists, what it catches, a bad and a good example."""
    linter = _linter(config, rules, [], [])
    if rule_id not in linter.by_id:
        _fail(linter.unknown_id_message(rule_id))
    from .explain import explanation

    sys.stdout.write(explanation(linter.by_id[rule_id]) + "\n")


@app.command("test-rules")
def test_rules(
    paths: Optional[List[Path]] = typer.Argument(None, metavar="PATH...", help="Rule files or folders (default: the built-in rules)."),
) -> None:
    """Run the must-flag and must-pass examples of rule files; exit 1 naming each that failed."""
    from .examples import run_examples
    from .loader import builtin_rules_dir, load_rules

    from .report import count as counted

    rules = load_rules(list(paths) if paths else [builtin_rules_dir()])
    count, failures = run_examples(rules)
    for failure in failures:
        sys.stdout.write(f"НЕ ПРОШЁЛ {failure}\n")
    checked = f"{counted(len(rules), 'правило', 'правила', 'правил')}, {counted(count, 'пример', 'примера', 'примеров')}"
    sys.stdout.write(f"Проверено: {checked}; прошли проверку: {count - len(failures)}, не прошли: {len(failures)}.\n")
    raise typer.Exit(1 if failures else 0)


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), metavar="FOLDER", help="Where to write the files (default: the current folder).", show_default=False),
) -> None:
    """Write a commented starter .replylint.yaml and an example team rule in team-rules/ (never overwrites)."""
    from .starter import write_starter

    for path in write_starter(folder):
        sys.stdout.write(f"записан {path}\n")
    if folder == Path("."):
        sys.stdout.write("дальше: replylint test-rules team-rules/ && replylint rules\n")
    else:  # from here, the config is not found by itself: name it
        sys.stdout.write(f"дальше: replylint test-rules {folder / 'team-rules'} && replylint rules --config {folder / '.replylint.yaml'}\n")


def main() -> None:
    """The console script (see console.py: `check` starts without loading typer)."""
    from .console import main as console_main

    console_main()


# `replylint serve` (issue 6). Starlette and uvicorn are imported inside the command only, so
# `replylint check` never loads them; they come with the `serve` extra.


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (default: loopback only)."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, metavar="PORT", help="Port to listen on (0: any free port)."),
    token: Optional[str] = typer.Option(
        None, "--token", envvar="REPLYLINT_TOKEN", metavar="TOKEN", help="Require 'Authorization: Bearer TOKEN' on /v1/* (or set REPLYLINT_TOKEN)."
    ),
    cors_origin: List[str] = typer.Option(
        [], "--cors-origin", metavar="ORIGIN",
        help="Let browser pages from this origin call the API, e.g. http://localhost:3000, or the extension, chrome-extension://ID (repeatable).",
    ),
    max_body: int = typer.Option(100_000, "--max-body", min=1, metavar="BYTES", help="Largest request body, in bytes."),
    rules: List[Path] = typer.Option([], "--rules", metavar="PATH", help="Extra rule file or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Config file (default: the nearest .replylint.yaml)."),
    disable: List[str] = typer.Option([], "--disable", metavar="ID", help="Switch a rule off (repeatable)."),
    enable: List[str] = typer.Option([], "--enable", metavar="ID", help="Switch a rule on (repeatable)."),
) -> None:
    """Run the pre-send HTTP service for chat tools, with a page at / that marks findings as you type."""
    import re
    import socket

    try:
        import uvicorn

        from .serve.app import create_app, warm, warm_vocabulary
    except ImportError as exc:
        _fail(f"для serve нужен пакет {exc.name or 'из extra serve'}, он не установлен: pip install -e '.[serve]' в папке replylint")
    if token is not None and not token.strip():
        _fail("--token пустой")
    origins = [o.rstrip("/") for o in cors_origin]
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s]+|chrome-extension://[a-p]{32}", origin):
            _fail(f"--cors-origin {origin!r}: нужен источник вида http://localhost:3000 (схема, хост, порт; без пути) "
                  "или chrome-extension://ID (32 буквы a-p)")
    linter = _linter(config, rules, disable, enable)
    warm(linter)

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        _fail(f"--host {host}: {exc.strerror}")
    family, kind, proto, _, address = infos[0]
    if not token and not _all_loopback(infos):
        sys.stderr.write(
            f"replylint: предупреждение: слушаю {host} без --token: сервисом может пользоваться любой, кто "
            "достучится до этого порта; добавьте --token или оставьте --host 127.0.0.1\n"
        )
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        _fail(f"не удаётся слушать {host}:{port}: {exc.strerror or exc}")
    sock.listen(2048)  # from here on, connections wait in the backlog until uvicorn takes them
    actual_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    import threading

    warming = threading.Event()  # /health says "warming": true until the vocabulary is in
    warming.set()
    app_ = create_app(linter, token=token, cors_origins=origins, max_body=max_body, warming=warming)
    threading.Thread(target=warm_vocabulary, args=(linter, warming.clear), daemon=True).start()
    from .serve.protocol import TimedH11Protocol

    server = uvicorn.Server(uvicorn.Config(app_, host=host, port=actual_port, log_level="warning", access_log=False,
                                           http=TimedH11Protocol))
    sys.stderr.write(
        f"replylint serve: http://{shown}:{actual_port}/ (правил: {len(linter.active)}"
        f"{', нужен токен' if token else ''}; остановить: Ctrl+C)\n"
    )
    sys.stderr.flush()
    server.run(sockets=[sock])


@app.command()
def extension(
    out: Path = typer.Option(Path("replylint-extension.zip"), "--out", "-o", metavar="FILE", help="The zip to write."),
    service: Optional[str] = typer.Option(None, "--service", metavar="URL", help="The team's replylint serve address, as the extension's default."),
    token: Optional[str] = typer.Option(None, "--token", metavar="TOKEN", help="Its token, as the extension's default (anyone with the zip can read it)."),
) -> None:
    """Pack the Chromium extension (the pre-send check inside web chat tools) as a zip for operators."""
    from .errors import ReplylintError
    from .extension import EXTENSION_ORIGIN, build_zip

    try:
        names = build_zip(out, service, token)
    except ReplylintError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: не удаётся записать zip: {exc.strerror or exc}")
    defaults = " с настройками команды (defaults.json)" if "defaults.json" in names else ""
    sys.stdout.write(
        f"{out}: файлов: {len(names)}{defaults}. Операторам: распаковать, открыть chrome://extensions, включить режим "
        f"разработчика, «Загрузить распакованное». Источник расширения: {EXTENSION_ORIGIN}\n"
    )


def _all_loopback(infos) -> bool:
    import ipaddress

    try:
        return all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)
    except ValueError:
        return False


# `replylint lsp` (issue 13): pygls is imported inside the command only; it comes with the `lsp` extra.


@app.command()
def lsp(
    rules: List[Path] = typer.Option([], "--rules", metavar="PATH", help="Extra rule file or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Config file (default: the nearest .replylint.yaml above each document)."),
    disable: List[str] = typer.Option([], "--disable", metavar="ID", help="Switch a rule off (repeatable)."),
    enable: List[str] = typer.Option([], "--enable", metavar="ID", help="Switch a rule on (repeatable)."),
) -> None:
    """Run the language server on stdio, for editors: diagnostics as you type, hover, code actions from fixes."""
    try:
        from .lsp import Options, serve_stdio
    except ImportError as exc:
        _fail(f"для lsp нужен пакет {(exc.name or 'pygls').split('.')[0]}, он не установлен: pip install -e '.[lsp]' в папке replylint")
    serve_stdio(Options(str(config) if config else None, [str(r) for r in rules], list(disable), list(enable)))


# `replylint report` (issue 15): a front-end over the one Linter, in src/replylint/qa/. matplotlib
# and dask are imported inside it only; they come with the `report` extra.


@app.command()
def report(
    exports: List[str] = typer.Argument(..., help="Helpdesk exports: CSV, JSONL or Zendesk JSON files, or folders of them."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="The HTML report to write."),
    csv_dir: Optional[Path] = typer.Option(None, "--csv", help="Also write the counts as CSV files into this folder."),
    names: Optional[bool] = typer.Option(None, "--names/--no-names", help="Show operators' names (default: 'Оператор 1', 'Оператор 2', …)."),
    column: List[str] = typer.Option([], "--column", help="Map a field to the export's column: FIELD=NAME, e.g. text=message (repeatable)."),
    delimiter: Optional[str] = typer.Option(None, "--delimiter", help="CSV delimiter (default: guessed from the header; 'tab' for a tab)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Check on a Dask cluster: the scheduler's address (tcp://host:8786), or 'local'."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, help="Processes (with --dask local: workers); 0: one per core; default: one per core from 2,000 replies on.", show_default=False),
    worst: int = typer.Option(5, "--worst", min=1, help="Replies shown per rule among the worst."),
    rules: List[Path] = typer.Option([], "--rules", help="Extra rule file or folder (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: nearest .replylint.yaml)."),
    disable: List[str] = typer.Option([], "--disable", help="Switch a rule off (repeatable)."),
    enable: List[str] = typer.Option([], "--enable", help="Switch a rule on (repeatable)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Check every reply again, without reading or writing the report's cache."),
) -> None:
    """A QA report over past replies: findings per 100 replies by rule, operator and week, as one offline HTML file."""
    from .qa.command import ReportOptions, run_report

    options = ReportOptions(
        exports=list(exports), out=str(out), csv_dir=str(csv_dir) if csv_dir else None, names=names,
        columns=list(column), delimiter=delimiter, dask=dask, jobs=jobs, worst=worst,
        config=str(config) if config else None, rules=[str(r) for r in rules], disable=list(disable), enable=list(enable),
        cache=not no_cache,
    )
    raise typer.Exit(run_report(options))
