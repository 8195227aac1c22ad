"""`replylint report EXPORT... [--out report.html]`: options in, exit status out.

Exit status: 0 the report is written (bad rows are named on stderr and skipped, and counted in the
report); 2 it could not be made (a bad option or config, no replies at all: nothing is written), or
it was made from the other exports while one of them could not be read (named on stderr), as
`check` does with a file it cannot read. The HTML and CSV files are written whole or not at all.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, ReplylintError

MAX_PROBLEMS_SHOWN = 20  # bad rows named one by one; past that only their number


@dataclass
class ReportOptions:
    exports: list[str]
    out: str = "report.html"
    csv_dir: str | None = None
    names: bool | None = None
    columns: list[str] = field(default_factory=list)  # "FIELD=NAME"
    delimiter: str | None = None
    dask: str | None = None
    jobs: int | None = None
    worst: int = 5
    config: str | None = None
    rules: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    progress: bool | None = None  # None: on a terminal
    cache: bool = True  # blocks of replies counted before come from the cache (blockcache.py); --no-cache


class Problems:
    """Bad rows: the first few named on stderr, all counted."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.count = 0

    def __call__(self, where: str, message: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS_SHOWN:
            self.stream.write(f"replylint: {where}: {message}; строка пропущена\n")

    def close(self) -> None:
        if self.count > MAX_PROBLEMS_SHOWN:
            self.stream.write(f"replylint: и ещё {self.count - MAX_PROBLEMS_SHOWN} строк пропущено "
                              f"(всего {self.count})\n")


def run_report(opts: ReportOptions) -> int:
    from ..run import make_linter
    from .exports import expand_exports, read_export
    from .replies import build_replies
    from .settings import ReportSettings, check_delimiter, parse_column_option

    import importlib.util

    err = sys.stderr
    if importlib.util.find_spec("matplotlib") is None:  # the charts need it: say so before any work
        raise ReplylintError("для отчёта нужен пакет matplotlib: pip install 'replylint[report]'")
    columns = dict(parse_column_option(c) for c in opts.columns)
    delimiter = check_delimiter(opts.delimiter) if opts.delimiter is not None else None
    if opts.worst < 1:
        raise ReplylintError("--worst: нужно число от 1")
    out = Path(opts.out)
    if out.is_dir():
        raise ReplylintError(f"--out {opts.out}: это папка; укажите файл, например {Path(opts.out) / 'report.html'}")
    if not out.resolve().parent.is_dir():
        raise ReplylintError(f"--out {opts.out}: нет папки {out.parent}")
    if opts.dask is not None and not opts.dask.strip():
        raise ReplylintError("--dask: укажите адрес планировщика (tcp://host:8786) или local")
    linter = make_linter(opts.config, opts.rules, opts.disable, opts.enable)
    settings = (linter.config.report or ReportSettings()).with_options(columns, delimiter, opts.names)
    files = expand_exports(opts.exports)

    problems = Problems(err)
    messages, unreadable = [], 0
    for path in files:
        try:
            messages.extend(read_export(path, settings, problems))
        except InputError as exc:  # one export that cannot be read does not stop the others
            err.write(f"replylint: {exc}\n")
            unreadable += 1
    problems.close()
    conversations = build_replies(messages, settings.names)
    replies = conversations.replies
    if not replies:
        what = "ни одной строки не прочитано" if not messages else "в выгрузках нет ответов операторов (role agent)"
        raise ReplylintError(f"отчёт не сделан: {what}")

    from .runner import check_replies

    progress = opts.progress if opts.progress is not None else err.isatty()
    tally = check_replies(linter, replies, jobs=opts.jobs, dask=opts.dask, keep=opts.worst, progress=progress,
                           cache=opts.cache)
    for failure in tally.failed[:MAX_PROBLEMS_SHOWN]:
        err.write(f"replylint: {failure}\n")

    from .counts import count
    from .html import render_html

    severity = lambda rule_id: linter.config.severity.get(rule_id) or linter.by_id[rule_id].severity  # noqa: E731
    counts = count(tally, conversations, linter.active, severity, problems.count)
    page = render_html(counts, tally, conversations.operator_names, settings.names, len(linter.active), files)
    _write_whole(out, page)
    written = [str(out)]
    if opts.csv_dir:
        from .csv_out import write_csv

        written += write_csv(counts, opts.csv_dir)
    from ..report import plural

    n = counts.replies
    sys.stdout.write(
        f"Отчёт: {out} — {n} {plural(n, 'ответ', 'ответа', 'ответов')}, "
        f"{counts.conversations} {plural(counts.conversations, 'диалог', 'диалога', 'диалогов')}, "
        f"{counts.total_findings} {plural(counts.total_findings, 'замечание', 'замечания', 'замечаний')}"
        + (f"; пропущено строк: {problems.count}" if problems.count else "")
        + (f"; CSV: {opts.csv_dir}" if opts.csv_dir else "") + ".\n")
    return 2 if unreadable else 0


def _write_whole(path: Path, text: str) -> None:
    """Write to a temporary file beside it and rename: an old report is never left half-overwritten."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ReplylintError(f"не удалось записать отчёт: {exc.strerror or exc}", str(path)) from None
