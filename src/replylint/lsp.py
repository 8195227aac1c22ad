"""`replylint lsp`: a language server on stdio for editors (pygls, from the ``lsp`` extra).

What an editor gets, for drafts (``.txt``, ``.md``) and macro collections (``.yaml``, ``.yml``,
``.json``):

- diagnostics when a document is opened and as it is typed: a change is checked after
  :data:`DEBOUNCE` seconds without another one (a burst of keystrokes is checked once), so the marks
  follow within a few tens of milliseconds of the last key (bench/bench_lsp.py measures it);
- hover on a marked word: the finding's message and the rule's explanation (``replylint explain``);
- code actions: each finding's fix (preferred when it is safe; an unsafe one says "проверьте"),
  "fix all safe" (as ``check --fix``: fixes.py, round by round), and, in a draft, "disable this rule
  for this file" (the rule's id added to the front matter's ``disable:``);
- the configuration found as ``check`` finds it, from the document's folder upwards (or the one
  named with ``--config``), and read again when it or a team rule file changes (their sizes and
  times are looked at before each check).

It is a front-end over the one :class:`~replylint.engine.Linter`, as ``serve`` is: positions come
from the diagnostics (code points), turned into the editor's units (UTF-16 unless it asks for
another encoding).
"""
from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .engine import line_and_column, line_starts
from .errors import ReplylintError
from .rule import Diagnostic, Edit

DEBOUNCE = 0.03  # seconds of quiet after a change before it is checked
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
SOURCE = "replylint"


@dataclass
class Options:
    """`replylint lsp`'s options, as `check` takes them."""

    config: str | None = None
    rules: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)


@dataclass
class Checked:
    """The last check of a document: its text and what was found (offsets into the text)."""

    version: int | None
    text: str
    diagnostics: list[Diagnostic]
    body_start: int | None  # a draft's body (after the front matter); None for a collection


class Linters:
    """One Linter per configuration file, rebuilt when the file or a team rule file changes."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._built: dict[str | None, tuple[tuple, Any]] = {}

    def config_for(self, path: str | None) -> str | None:
        if self.options.config:
            return self.options.config
        from .config import find_config

        found = find_config(Path(path).parent if path else None)
        return str(found) if found else None

    def for_document(self, path: str | None):
        from .config import load_config
        from .engine import Linter

        config_path = self.config_for(path)
        stamp = self._stamp(config_path)
        built = self._built.get(config_path)
        if built is not None and built[0] == stamp:
            return built[1]
        config = load_config(config_path, search=False)
        linter = Linter(config, extra_rules=self.options.rules, disable=self.options.disable, enable=self.options.enable)
        self._built[config_path] = (self._stamp(config_path, config), linter)
        return linter

    def _stamp(self, config_path: str | None, config=None) -> tuple:
        """Sizes and times of the config file and the team's rule files it names."""
        files: list[str] = [config_path] if config_path else []
        if config is None and config_path in self._built:
            config = self._built[config_path][1].config
        roots = [str(p) for p in (config.rules if config is not None else [])] + list(self.options.rules)
        for root in roots:
            if os.path.isdir(root):
                for folder, _, names in os.walk(root):
                    files.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith((".yaml", ".yml")))
            else:
                files.append(root)
        out = []
        for f in files:
            try:
                st = os.stat(f)
                out.append((f, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((f, None, None))
        return tuple(out)


# ---------------------------------------------------------------------------------------------
# Positions: the diagnostics count code points; the editor counts UTF-16 units unless it asked otherwise


def _units(ls: LanguageServer) -> str:
    encoding = str(ls.workspace.position_encoding or "utf-16")
    return "utf-8" if "8" in encoding else "utf-32" if "32" in encoding else "utf-16"


def _width(text: str, units: str) -> int:
    if units == "utf-32":
        return len(text)
    if units == "utf-8":
        return len(text.encode("utf-8"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Positions:
    """Offsets of one text to LSP positions and back."""

    def __init__(self, text: str, units: str) -> None:
        self.text = text
        self.units = units
        self.starts = line_starts(text)

    def position(self, offset: int) -> types.Position:
        line, column = line_and_column(self.starts, offset)
        start = self.starts[line - 1]
        return types.Position(line=line - 1, character=_width(self.text[start : start + column - 1], self.units))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.starts[position.line + 1] - 1 if position.line + 1 < len(self.starts) else len(self.text)
        units = 0
        for i in range(start, end):
            if units >= position.character:
                return i
            units += _width(self.text[i], self.units)
        return end


# ---------------------------------------------------------------------------------------------
# Checking a document


def check_document(linters: Linters, path: str | None, text: str, version: int | None = None) -> Checked:
    """The findings of one open document, positioned in its text. A document that cannot be read
    (broken front matter, a collection that is not one) gives one error finding at its line."""
    from .read import COLLECTION_SUFFIXES, parse_source

    shown = path or "untitled"
    try:
        linter = linters.for_document(path)
        if shown.lower().endswith(COLLECTION_SUFFIXES):
            from .collections import read_collection
            from .read import Source
            from .run import check_one

            found = [d for s, template, entry in read_collection(shown, text)
                     for d in check_one(linter, Source(s, template, entry=entry), None, None).diagnostics]
            return Checked(version, text, found, None)
        source = parse_source(text, shown)
        return Checked(version, text, linter.check_source(source), source.body_start)
    except ReplylintError as exc:
        return Checked(version, text, [_problem(text, exc)], None)


def _problem(text: str, exc: ReplylintError) -> Diagnostic:
    """A run that could not be done, shown where it points (the config's or rule's own file aside)."""
    starts = line_starts(text)
    line = exc.line if exc.line and exc.line <= len(starts) else 1
    start = starts[line - 1]
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    where = f" ({exc.where})" if exc.path else ""
    return Diagnostic("replylint", "error", f"{exc.message}{where}", line, 1, line, end - start + 1, start, end, text[start:end])


def lsp_diagnostics(checked: Checked, units: str) -> list[types.Diagnostic]:
    pos = Positions(checked.text, units)
    out = []
    for d in checked.diagnostics:
        out.append(types.Diagnostic(
            range=pos.range(d.start, d.end),
            message=d.message + (f" Замена: {', '.join(d.suggestions)}." if d.suggestions and d.fix is None else ""),
            severity=SEVERITY[d.severity],
            code=d.rule,
            source=SOURCE,
        ))
    return out


# ---------------------------------------------------------------------------------------------
# Code actions


def _edit(uri: str, version: int | None, pos: Positions, edits: list[Edit]) -> types.WorkspaceEdit:
    text_edits = [types.TextEdit(range=pos.range(e.start, e.end), new_text=e.text) for e in edits]
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=text_edits)])


def disable_edit(text: str, body_start: int, rule: str) -> Edit | None:
    """The edit that adds ``rule`` to a draft's front matter ``disable:`` (writing front matter or the
    key when there is none); None when the front matter's ``disable`` is in a shape not to touch."""
    import re

    if body_start == 0:
        newline = "\r\n" if "\r\n" in text else "\n"
        return Edit(0, 0, f"---{newline}disable: [{rule}]{newline}---{newline}")
    head = text[:body_start]
    m = re.search(r"^disable[ \t]*:[ \t]*\[([^\]\n]*)\]", head, re.M)
    if m:
        inside = m.group(1).strip()
        at = m.end() - 1
        return Edit(at, at, (", " if inside else "") + rule)
    m = re.search(r"^disable[ \t]*:[ \t]*(?:#.*)?\r?\n((?:[ \t]*-[^\n]*\n)+)", head, re.M)
    if m:
        item = re.match(r"[ \t]*-[ \t]*", m.group(1)).group()
        return Edit(m.end(), m.end(), f"{item}{rule}\n")
    if re.search(r"^disable[ \t]*:", head, re.M):
        return None
    closing = head.rstrip("\r\n").rfind("\n") + 1  # the closing "---" line
    newline = "\r\n" if head.endswith("\r\n") else "\n"
    return Edit(closing, closing, f"disable: [{rule}]{newline}")


def code_actions(uri: str, checked: Checked, wanted: types.Range, units: str, linter=None, path: str | None = None) -> list[types.CodeAction]:
    pos = Positions(checked.text, units)
    lo, hi = pos.offset(wanted.start), pos.offset(wanted.end)
    here = [d for d in checked.diagnostics if d.rule != "replylint" and d.start <= hi and lo <= d.end]
    actions = []
    for d in here:
        diagnostic = lsp_diagnostics(Checked(checked.version, checked.text, [d], checked.body_start), units)
        if d.fix is not None:
            words = " … ".join(e.text for e in d.fix.edits) or "убрать"
            title = f"Исправить «{d.match}» → «{words}»" if d.fix.safe else f"Заменить «{d.match}» на «{words}» (проверьте)"
            actions.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=diagnostic,
                                            is_preferred=d.fix.safe, edit=_edit(uri, checked.version, pos, list(d.fix.edits))))
    if checked.body_start is not None:
        for rule in dict.fromkeys(d.rule for d in here):
            edit = disable_edit(checked.text, checked.body_start, rule)
            if edit is not None:
                actions.append(types.CodeAction(title=f"Отключить {rule} в этом файле (disable во front matter)",
                                                kind=types.CodeActionKind.QuickFix, edit=_edit(uri, checked.version, pos, [edit])))
    if linter is not None and any(d.fix is not None and d.fix.safe for d in checked.diagnostics):
        action = fix_all_action(uri, checked, units, linter, path)
        if action is not None:
            actions.append(action)
    return actions


def fix_all_action(uri: str, checked: Checked, units: str, linter, path: str | None) -> types.CodeAction | None:
    """Every safe fix of the document, as `check --fix` applies them, as one edit of the whole text."""
    from .fixes import fix_collection, fix_draft

    shown = path or "untitled"
    try:
        if checked.body_start is None:
            fixed = fix_collection(linter, checked.text, shown)
        else:
            fixed = fix_draft(linter, checked.text, shown)
    except ReplylintError:
        return None
    if not fixed.changed:
        return None
    pos = Positions(checked.text, units)
    edit = Edit(0, len(checked.text), fixed.after)
    return types.CodeAction(title=f"Исправить все безопасные замечания ({fixed.applied})", kind=types.CodeActionKind.SourceFixAll,
                            edit=_edit(uri, checked.version, pos, [edit]))


def hover_text(checked: Checked, offset: int, linter) -> str | None:
    from .explain import explanation

    here = [d for d in checked.diagnostics if d.start <= offset <= d.end and d.rule != "replylint"]
    if not here:
        return None
    parts = []
    for d in here:
        parts.append(f"**{d.rule}** ({d.severity}): {d.message}")
        rule = linter.by_id.get(d.rule) if linter is not None else None
        if rule is not None:
            parts.append("```text\n" + explanation(rule) + "\n```")
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# The server


def build_server(options: Options) -> LanguageServer:
    server = LanguageServer("replylint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
    linters = Linters(options)
    checked: dict[str, Checked] = {}
    pending: dict[str, asyncio.Task] = {}

    def path_of(uri: str) -> str | None:
        return to_fs_path(uri) if uri.startswith("file:") else None

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        result = check_document(linters, path_of(uri), document.source, document.version)
        checked[uri] = result
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=lsp_diagnostics(result, _units(server))))

    async def later(uri: str) -> None:
        try:
            await asyncio.sleep(DEBOUNCE)
        except asyncio.CancelledError:
            return
        pending.pop(uri, None)
        publish(uri)

    @server.feature(types.INITIALIZED)
    def initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
        # load the dictionary and the rules now, so the first document is checked at once
        try:
            linters.for_document(os.path.join(os.getcwd(), "draft.txt")).check_text("Здравствуйте, Анна! Урок в 18:30.", {"client": "Анна"})
        except ReplylintError:
            pass  # a bad config is reported on the first document

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = pending.pop(uri, None)
        if task is not None:
            task.cancel()
        pending[uri] = asyncio.ensure_future(later(uri))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: LanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        for uri in list(checked):  # a config or rule file changed: check the open documents again
            publish(uri)

    def current(uri: str) -> Checked:
        document = server.workspace.get_text_document(uri)
        result = checked.get(uri)
        if result is None or result.text != document.source:
            publish(uri)  # a request about text not checked yet (a change still waiting)
            result = checked[uri]
        return result

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
        result = current(params.text_document.uri)
        offset = Positions(result.text, _units(ls)).offset(params.position)
        try:
            linter = linters.for_document(path_of(params.text_document.uri))
        except ReplylintError:
            linter = None
        text = hover_text(result, offset, linter)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
    def code_action(ls: LanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        result = current(uri)
        try:
            linter = linters.for_document(path_of(uri))
        except ReplylintError:
            linter = None
        return code_actions(uri, result, params.range, _units(ls), linter, path_of(uri))

    return server


def serve_stdio(options: Options) -> None:
    build_server(options).start_io()
