"""`replylint check` itself, free of any CLI framework: options in, exit status out.

Both ways into it build a :class:`CheckOptions`: the typer command in cli.py and, for start-up
speed, the small parser in console.py. Everything is read before anything is written, so a bad
file stops the run (exit 2) without half a report.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from .errors import InputError


@dataclass
class CheckOptions:
    paths: list[str]
    format: str = "text"
    fail_on: str | None = None
    mode: str | None = None
    context_file: str | None = None
    client: str | None = None
    student: str | None = None
    lesson: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    config: str | None = None
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    stdin_filename: str = "-"
    color: bool | None = None
    statistics: bool = False
    jobs: int | None = None  # None: one per core for large folders (see AUTO_PARALLEL_FROM)
    fix: bool = False  # apply the safe fixes in place (fixes.py), then report what is left
    unsafe_fixes: bool = False  # with --fix or --diff: the unsafe fixes too
    diff: bool = False  # print what --fix would change as a unified diff; change nothing


def make_linter(config_path: str | None, rules: list[str], disable: list[str], enable: list[str]):
    from .config import load_config
    from .engine import Linter

    config = load_config(str(config_path) if config_path else None)
    return Linter(config, extra_rules=rules, disable=disable, enable=enable)


def run_check(opts: CheckOptions) -> int:
    from .context import Context, context_from_mapping, load_context_file
    from .read import expand_paths, read_sources
    from .report import renderer

    if opts.paths.count("-") > 1:
        raise InputError("stdin (-) can be given only once")
    linter = make_linter(opts.config, opts.rules, opts.disable, opts.enable)
    overrides = load_context_file(str(opts.context_file)) if opts.context_file else Context()
    cli_context = {"client": opts.client, "student": opts.student, "lesson": opts.lesson or None}
    overrides = overrides.merged(context_from_mapping({k: v for k, v in cli_context.items() if v}, "<options>"))
    warn = lambda message: sys.stderr.write(f"replylint: warning: {message}\n")  # noqa: E731
    if opts.fix or opts.diff:
        return run_fixes(opts, linter, overrides, expand_paths(opts.paths, linter.config.include, warn))
    sources = [s for p in expand_paths(opts.paths, linter.config.include, warn) for s in read_sources(p, opts.stdin_filename)]
    jobs = _jobs(opts.jobs, len(sources))
    if jobs > 1 and len(sources) > 1:
        results = _check_in_parallel(opts, linter, sources, overrides, jobs)
    else:
        results = [check_one(linter, s, overrides, opts.mode) for s in sources]
    renderer(opts.format)(results, linter.active, sys.stdout, colour=opts.color)
    if opts.statistics:
        from .report.statistics import render_statistics

        render_statistics(results, linter, sys.stderr if opts.format in ("json", "sarif") else sys.stdout)
    sys.stdout.flush()
    return exit_status(results, opts.fail_on or linter.config.fail_on)


# From this many files on, a check without --jobs uses every core: below it, one process finishes
# sooner than the others start.
AUTO_PARALLEL_FROM = 100


def _jobs(asked: int | None, files: int) -> int:
    cores = os.cpu_count() or 1
    if asked is None:
        return cores if files >= AUTO_PARALLEL_FROM else 1
    return asked if asked > 0 else cores


# What a worker process checks with. Forked workers inherit them from the parent, with the
# dictionary and the compiled rules already loaded; spawned ones (where fork is not available)
# build their own linter in _start_worker.
_worker_linter = None
_worker_sources: list = []


def _start_worker(opts: CheckOptions, sources: list) -> None:
    global _worker_linter, _worker_sources
    _worker_linter = make_linter(opts.config, opts.rules, opts.disable, opts.enable)
    _worker_sources = sources


def _check_in_worker(job):
    index, overrides, mode = job
    result = check_one(_worker_linter, _worker_sources[index], overrides, mode)
    result.text = ""  # the parent has the text: only the findings travel back
    return result


def _check_in_parallel(opts: CheckOptions, linter, sources, overrides, jobs: int):
    """Check sources in ``jobs`` processes; results come back in the sources' order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _worker_linter, _worker_sources
    work = [(i, overrides, opts.mode) for i in range(len(sources))]
    chunk = max(1, min(64, len(work) // (jobs * 4)))
    if sys.platform.startswith("linux"):  # fork is safe here; macOS and Windows spawn
        from . import morph

        morph.analyzer()  # loaded once here, shared by every forked worker
        _worker_linter, _worker_sources = linter, sources
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(opts, sources))
    try:
        with pool:
            results = list(pool.map(_check_in_worker, work, chunksize=chunk))
        for result, source in zip(results, sources):
            result.text = source.entry.file_text if source.entry is not None else source.text
        return results
    finally:
        _worker_linter, _worker_sources = None, []


def check_one(linter, source, overrides, mode: str | None):
    """Check one source; a template of a macro collection is positioned in its collection file."""
    from .report import FileResult

    if source.entry is None:
        return FileResult(source.path, linter.check_source(source, overrides, mode), source.text)
    from .collections import relocate

    entry = source.entry
    diagnostics = relocate(check_template(linter, source, overrides, mode), entry)
    return FileResult(source.path, diagnostics, entry.file_text, file=entry.file, template=entry.id)


def check_template(linter, source, overrides, mode: str | None):
    """A collection's template checked on its own (offsets into the template): in template mode
    unless the options, the context or the config's modes say otherwise."""
    mode = mode or (overrides.mode if overrides is not None else None) or linter.config.mode_for(source.entry.file) or "template"
    return linter.check_source(source, overrides, mode)


def run_fixes(opts: CheckOptions, linter, overrides, paths: list[str]) -> int:
    """`check --fix` / `--diff`: fix each file (one at a time), then report what is left. The diff,
    or with stdin the fixed draft, goes to stdout, and then the report goes to stderr. A file that
    cannot be read or has changed on disk is named on stderr; the others are still fixed (exit 2)."""
    from .fixes import fix_draft, fix_file, unified_diff
    from .read import decode
    from .report import renderer

    results = []
    applied = changed = 0
    failed = False
    to_stdout = opts.diff or "-" in paths
    for path in paths:
        try:
            if path == "-":
                text = decode(sys.stdin.buffer.read(), opts.stdin_filename)
                fixed = fix_draft(linter, text, opts.stdin_filename, overrides, opts.mode, opts.unsafe_fixes)
                if not opts.diff:
                    sys.stdout.write(fixed.after)
            else:
                fixed = fix_file(linter, path, overrides, opts.mode, opts.unsafe_fixes, write=not opts.diff)
        except InputError as exc:
            sys.stderr.write(f"replylint: {exc}\n")
            failed = True
            continue
        if opts.diff and fixed.changed:
            sys.stdout.write(unified_diff(fixed.path, fixed.before, fixed.after))
        applied += fixed.applied
        changed += fixed.changed
        results.extend(fixed.results)
    sys.stdout.flush()
    renderer(opts.format)(results, linter.active, sys.stderr if to_stdout else sys.stdout, colour=opts.color)
    verb = "Можно исправить" if opts.diff else "Исправлено"
    sys.stderr.write(f"{verb}: {applied} (файлов: {changed}).\n")
    status = exit_status(results, opts.fail_on or linter.config.fail_on)
    return 2 if failed else status


def exit_status(results, level: str) -> int:
    from .rule import SEVERITY_RANK

    if level == "never":
        return 0
    floor = SEVERITY_RANK[level]
    worst = max((SEVERITY_RANK[d.severity] for r in results for d in r.diagnostics), default=-1)
    return 1 if worst >= floor else 0
