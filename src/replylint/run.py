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
    """The options of `replylint check`, however the command line was parsed."""

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
    min_severity: str | None = None  # what is shown (None: everything; --quiet: errors)
    quiet: bool = False
    exclude: list[str] = field(default_factory=list)
    baseline: str | None = None
    write_baseline: str | None = None
    output_file: str | None = None
    cache: bool = True  # read and write the result cache (resultcache.py); --no-cache: check everything


def make_linter(config_path: str | None, rules: list[str], disable: list[str], enable: list[str]):
    from .config import load_config
    from .engine import Linter

    config = load_config(str(config_path) if config_path else None)
    return Linter(config, extra_rules=rules, disable=disable, enable=enable)


def run_check(opts: CheckOptions) -> int:
    """Check, report, and the exit status. A file that cannot be read is named on stderr and the
    others are still checked and reported; the status is then 2 (and there is no report when no
    file could be read)."""
    from .context import Context, context_from_mapping, load_context_file
    from .errors import ConfigError
    from .read import expand_paths, read_sources

    if opts.paths.count("-") > 1:
        raise InputError("stdin (-) можно указать только один раз")
    linter = make_linter(opts.config, opts.rules, opts.disable, opts.enable)
    overrides = load_context_file(str(opts.context_file)) if opts.context_file else Context()
    cli_context = {"client": opts.client, "student": opts.student, "lesson": opts.lesson or None}
    overrides = overrides.merged(context_from_mapping({k: v for k, v in cli_context.items() if v}, "<options>"))
    if opts.baseline and opts.write_baseline:
        raise ConfigError("--baseline и --write-baseline вместе не нужны: --write-baseline записывает все замечания заново")
    warn = lambda message: sys.stderr.write(f"replylint: предупреждение: {message}\n")  # noqa: E731
    unreadable: list[InputError] = []

    def skip(error: InputError) -> None:
        sys.stderr.write(f"replylint: {error}\n")
        unreadable.append(error)

    excludes = _excludes(opts, linter.config)
    checker = with_cache(linter, opts)
    if opts.fix or opts.diff:
        return run_fixes(opts, checker, overrides, expand_paths(opts.paths, linter.config.include, warn, excludes))
    sources = []
    for given in opts.paths:  # in the order given, so that errors come in that order too
        for path in expand_paths([given], linter.config.include, warn, excludes, skip):
            try:
                sources.extend(read_sources(path, opts.stdin_filename))
            except InputError as error:
                skip(error)
    checked = check_sources(opts, checker, sources, overrides)
    results = []
    for result in checked:  # a file's own error (a rule id in its front matter) is named like the others
        skip(result) if isinstance(result, InputError) else results.append(result)
    if unreadable and not results:
        return 2
    if opts.write_baseline:
        from .baseline import write_baseline

        count = write_baseline(opts.write_baseline, results)
        sys.stderr.write(f"replylint: {opts.write_baseline}: записано замечаний: {count}\n")
        return 2 if unreadable else 0
    left_out = 0
    if opts.baseline:
        from .baseline import apply_baseline

        results, left_out = apply_baseline(opts.baseline, results)
    status = exit_status(results, opts.fail_on or linter.config.fail_on)
    results, hidden = _shown(results, opts.min_severity or ("error" if opts.quiet else "info"))
    _report(opts, linter, results, hidden=hidden, baselined=left_out, unreadable=len(unreadable))
    return 2 if unreadable else status


def _excludes(opts: CheckOptions, config):
    """What --exclude, exclude: and the files this run reads or writes leave out (None: nothing)."""
    made = [f for f in (opts.output_file, opts.baseline, opts.write_baseline) if f]  # never checked as drafts
    if not (opts.exclude or config.exclude or made):
        return None  # a pre-send hook's plain check does not even import exclude.py
    from .exclude import Excludes

    base = os.path.dirname(os.path.abspath(config.path)) if config.path else None
    return Excludes.build(opts.exclude, config.exclude, base, made)


def _shown(results, floor: str):
    """The results with only the findings at or above ``floor``, and how many were hidden."""
    from dataclasses import replace

    from .rule import SEVERITY_RANK

    if floor == "info":
        return results, 0
    rank = SEVERITY_RANK[floor]
    shown = [replace(r, diagnostics=[d for d in r.diagnostics if SEVERITY_RANK[d.severity] >= rank]) for r in results]
    hidden = sum(len(r.diagnostics) for r in results) - sum(len(r.diagnostics) for r in shown)
    return shown, hidden


def _report(opts: CheckOptions, linter, results, **notes) -> None:
    """The report on stdout, or in --output-file (written whole, once the report is ready)."""
    import io

    from .report import renderer

    stream = io.StringIO() if opts.output_file else sys.stdout
    renderer(opts.format)(results, linter.active, stream, colour=opts.color if opts.output_file is None else bool(opts.color), **notes)
    if opts.statistics:
        from .report.statistics import render_statistics

        render_statistics(results, linter, sys.stderr if opts.format in ("json", "sarif") else stream)
    if opts.output_file:
        try:
            with open(opts.output_file, "w", encoding="utf-8") as f:
                f.write(stream.getvalue())
        except OSError as exc:
            raise InputError(f"не удаётся записать отчёт: {exc.strerror or exc}", opts.output_file) from None
    sys.stdout.flush()


def with_cache(linter, opts: CheckOptions):
    """The linter, or a result cache standing in for it (unless --no-cache or REPLYLINT_NO_CACHE)."""
    from . import resultcache

    if not opts.cache or not resultcache.enabled() or not linter.rule_paths:
        return linter
    # A draft on stdin is a new text each time (a pre-send hook), and not a file the user keeps:
    # it is not written to the cache.
    stdin = {opts.stdin_filename} if "-" in opts.paths else set()
    try:
        return resultcache.ResultCache(linter, not_cached=stdin)
    except OSError:  # no cache folder to be had: check as usual
        return linter


def check_sources(opts: CheckOptions, checker, sources: list, overrides) -> list:
    """Every source's FileResult (or the InputError of that one file), in order: from the result
    cache where it has them, the others checked (in ``--jobs`` processes when there are enough)."""
    from .resultcache import ResultCache

    results: list = [None] * len(sources)
    todo = list(range(len(sources)))
    if isinstance(checker, ResultCache):
        todo = []
        for i, source in enumerate(sources):
            found = checker.lookup(source, overrides, source_mode(checker, source, overrides, opts.mode))
            if found is None:
                todo.append(i)
            else:
                results[i] = file_result(source, found)
    jobs = _jobs(opts.jobs, len(todo))
    if jobs > 1 and len(todo) > 1:
        for i, result in zip(todo, _check_in_parallel(opts, checker, [sources[i] for i in todo], overrides, jobs)):
            results[i] = result
    else:
        for i in todo:
            results[i] = _check_or_error(checker, sources[i], overrides, opts.mode)
    if isinstance(checker, ResultCache):
        checker.prune()
    return results


# From this many files on, a check without --jobs uses every core: below it, one process finishes
# sooner than the others start.
AUTO_PARALLEL_FROM = 100


def _jobs(asked: int | None, files: int) -> int:
    """The processes to check ``files`` files in: without --jobs, one per core from
    AUTO_PARALLEL_FROM files on (``--jobs 0`` too), else as asked.

    Not one per idle core (the cores less the load average): measured, one worker per core
    finished first whether the machine was idle or its cores were taken (a busy machine shares
    its cores among processes, so more workers get more of it), and a load average still counting
    this check's own last run sent a folder to one process on an idle machine (README, "Many
    files at once"). ``--jobs 1`` leaves the other cores to others."""
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
    _worker_linter = with_cache(make_linter(opts.config, opts.rules, opts.disable, opts.enable), opts)
    _worker_sources = sources


def _check_in_worker(job):
    index, overrides, mode = job
    result = _check_or_error(_worker_linter, _worker_sources[index], overrides, mode)
    if not isinstance(result, InputError):
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
        import gc

        # What is loaded is left alone by the workers' garbage collector: its passes would write to
        # every object's header and copy the parent's pages into each worker.
        gc.freeze()
        _worker_linter, _worker_sources = linter, sources
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(opts, sources))
    try:
        with pool:
            results = list(pool.map(_check_in_worker, work, chunksize=chunk))
        for result, source in zip(results, sources):
            if not isinstance(result, InputError):
                result.text = source.entry.file_text if source.entry is not None else source.text
        return results
    finally:
        _worker_linter, _worker_sources = None, []


def _check_or_error(linter, source, overrides, mode: str | None):
    """check_one, or the error of that one file (it does not stop the others)."""
    try:
        return check_one(linter, source, overrides, mode)
    except InputError as error:
        return error


def check_one(linter, source, overrides, mode: str | None):
    """Check one source; a template of a macro collection is positioned in its collection file."""
    return file_result(source, linter.check_source(source, overrides, source_mode(linter, source, overrides, mode)))


def file_result(source, diagnostics):
    """The FileResult of a source's diagnostics (a template's are moved to where it is in its file)."""
    from .report import FileResult

    if source.entry is None:
        return FileResult(source.path, diagnostics, source.text)
    from .collections import relocate

    entry = source.entry
    return FileResult(source.path, relocate(diagnostics, entry), entry.file_text, file=entry.file, template=entry.id)


def source_mode(linter, source, overrides, mode: str | None) -> str | None:
    """The mode a source is checked in, as far as the options decide it: a collection's template is
    in template mode unless the options, the context or the config's modes say otherwise."""
    if source.entry is None:
        return mode
    return mode or (overrides.mode if overrides is not None else None) or linter.config.mode_for(source.entry.file) or "template"


def check_template(linter, source, overrides, mode: str | None):
    """A collection's template checked on its own (offsets into the template)."""
    return linter.check_source(source, overrides, source_mode(linter, source, overrides, mode))


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
    if hasattr(linter, "prune"):  # a result cache
        linter.prune()
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
