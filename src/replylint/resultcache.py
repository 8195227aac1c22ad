"""The result cache of `check` (ruff's model): a draft checked before, with nothing that decides its
findings changed since, is not analysed again.

An entry holds one draft's (or one macro template's) diagnostics, keyed by a SHA-256 of everything
they depend on:

- the text as read (front matter, and so the draft's own context, included) and its path as shown;
- the context given from outside (``--context FILE``, ``--client``/``--student``/``--lesson``) and
  ``--mode``;
- the rule files and word lists (their contents), the config's rule settings (``disable``, ``enable``,
  ``severity``, ``options``, ``modes``, ``placeholders``, extra ``rules``), and the rules in force
  (``--disable``/``--enable``);
- replylint itself: its version, Python's, the dictionary's, and the size and time of each of its
  modules and data files (a developer's edited checkout is a new key, as for the rules cache).

Entries are plain JSON data (the diagnostics as ``check --format json`` writes them, fixes included,
so ``--fix`` can start from them), never pickle, in ``<cache folder>/results/`` (the rules cache's
folder, see cache.py: ``REPLYLINT_CACHE_DIR``, ``XDG_CACHE_HOME``; ``REPLYLINT_NO_CACHE=1`` or
``check --no-cache`` turns it off). An entry names its own key and is checked for shape when read,
every diagnostic against the text it claims to describe (the matched words must be there, lines and
columns must agree): a missing, torn, foreign or planted entry is ignored and the draft is checked
again. Where the rules cache authenticates its entries with this user's key (cache.py), result
entries carry the same HMAC and one that does not verify is ignored too; without such a key, an entry
that someone able to write the cache folder made for a file's exact key, claiming fewer findings,
cannot be told from ours (as with ruff's cache): ``--no-cache`` is then the way to a check that
trusts nothing on disk.

Two runs at once are safe: an entry is written to a temporary file and moved into place with
``os.replace``, so a reader sees a whole entry or none. The folder is bounded: entries are spread
over 256 subfolders by the key's first two hex digits, and a subfolder written to keeps only its
:data:`PER_SHARD` most recently used entries (a hit older than a day is touched, so entries in use
stay). The cache is best effort: a folder that cannot be read or written only means checking again.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from .rule import SEVERITIES, Diagnostic, Edit, Fix

FORMAT = 1  # bump when an entry's shape or a diagnostic's meaning changes
PER_SHARD = 64  # entries kept per subfolder: 16,384 in all (at most ~64 MB of 4 KB blocks)
_TOUCH_AFTER = 24 * 3600  # seconds: a hit on an entry older than this renews its time


def enabled() -> bool:
    return not os.environ.get("REPLYLINT_NO_CACHE")


class ResultCache:
    """Diagnostics per source for one linter and one set of outside context and mode options.

    ``check_source`` has the signature of :meth:`Linter.check_source`, so a ResultCache stands in for
    the linter wherever a surface checks sources (run.py, fixes.py); everything else is the linter's.
    """

    def __init__(self, linter, folder: Path | None = None, not_cached: set[str] = frozenset()) -> None:
        from .cache import cache_dir

        self.linter = linter
        self.not_cached = not_cached  # paths (as shown) never read from or written to the cache
        self.folder = folder if folder is not None else cache_dir() / "results"
        self._base = _fingerprint(linter)
        self._touched: set[str] = set()
        self._secret = _secret()

    def __getattr__(self, name: str) -> Any:  # config, active, rules, by_id…: the linter's
        return getattr(self.linter, name)

    # -----------------------------------------------------------------------------------------

    def key(self, source, overrides=None, mode: str | None = None) -> str:
        digest = hashlib.sha256(self._base)
        for part in (source.path, repr(overrides) if overrides is not None else "", mode or "", source.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def lookup(self, source, overrides=None, mode: str | None = None) -> list[Diagnostic] | None:
        """The cached diagnostics of ``source``, or None (not cached, or an entry not to be trusted)."""
        if source.path in self.not_cached:
            return None
        key = self.key(source, overrides, mode)
        path = self._path(key)
        try:
            data, age = read_entry(path)
            diagnostics = self._decode(key, data, source.text)
        except Exception:  # noqa: BLE001 - missing, torn, foreign or planted: check again
            self._touched.add(key[:2])  # (it will be written: its subfolder is pruned after the run)
            return None
        touch_if_old(path, age)  # in use: pruning keeps it
        return diagnostics

    def store(self, source, overrides, mode: str | None, diagnostics: list[Diagnostic]) -> None:
        if source.path in self.not_cached:
            return
        key = self.key(source, overrides, mode)
        body = json.dumps({"format": FORMAT, "key": key, "diagnostics": [d.to_dict() for d in diagnostics]},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if write_entry(self._path(key), key, sign(self._secret, key, body)):
            self._touched.add(key[:2])

    def check_source(self, source, overrides=None, mode: str | None = None) -> list[Diagnostic]:
        """:meth:`Linter.check_source` through the cache."""
        found = self.lookup(source, overrides, mode)
        if found is None:
            found = self.linter.check_source(source, overrides, mode)
            self.store(source, overrides, mode, found)
        return found

    def check_text(self, text: str, context=None, mode: str | None = None, path: str = "<text>") -> list[Diagnostic]:
        """:meth:`Linter.check_text` through the cache: for surfaces that check texts, not files
        (the QA report checks each exported reply with its conversation's context)."""
        from .context import Context, context_from_mapping
        from .errors import ConfigError
        from .read import parse_source

        source = parse_source(text, path)
        if context is not None and not isinstance(context, Context):
            context = context_from_mapping(dict(context), path, error=ConfigError)
        return self.check_source(source, context, mode)

    def prune(self) -> None:
        """Keep :data:`PER_SHARD` entries, the most recently used, in each subfolder written to."""
        for shard in self._touched:
            keep_newest(self.folder / shard, PER_SHARD)
        self._touched.clear()

    # -----------------------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _decode(self, key: str, data: bytes, text: str) -> list[Diagnostic]:
        entry = json.loads(verified(self._secret, key, data))
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            raise ValueError("not an entry for this key")
        items = entry.get("diagnostics")
        if not isinstance(items, list):
            raise ValueError("no diagnostics")
        from .engine import line_starts

        rules = self.linter.by_id
        starts = line_starts(text) if items else []
        return [_diagnostic(item, text, starts, rules) for item in items]


# ---------------------------------------------------------------------------------------------
# What every cache of results shares (this one, and the QA report's tallies in qa/blockcache.py)


def sign(secret: bytes | None, key: str, body: bytes) -> bytes:
    """The entry as written: ``body``, after an HMAC of the key and body where this user has a key."""
    if secret is None:
        return body
    import hmac

    mac = hmac.new(secret, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()
    return mac.encode() + b"\n" + body


def verified(secret: bytes | None, key: str, data: bytes) -> bytes:
    """The body of an entry written by :func:`sign`; raises when its HMAC does not verify."""
    if secret is None:
        return data
    import hmac

    mac, _, body = data.partition(b"\n")
    expected = hmac.new(secret, key.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(mac, expected):
        raise ValueError("not written by this user")
    return body


def write_entry(path: Path, key: str, payload: bytes) -> bool:
    """Write whole or not at all: a temporary file moved into place. False when it could not be."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            f.write(payload)
        os.replace(tmp, path)
        return True
    except OSError:  # a read-only or full cache folder: the check's result stands
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


def read_entry(path: Path) -> tuple[bytes, float]:
    """An entry's bytes and age in seconds (raises OSError when there is none)."""
    with open(path, "rb") as f:
        return f.read(), time.time() - os.fstat(f.fileno()).st_mtime


def touch_if_old(path: Path, age: float) -> None:
    """A hit on an entry older than a day renews its time, so pruning keeps entries in use."""
    if age > _TOUCH_AFTER:
        try:
            os.utime(path)
        except OSError:
            pass


def keep_newest(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently used ``*.json`` entries of ``folder``."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(".json")]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for stale in entries[keep:]:
            os.unlink(stale.path)
    except OSError:
        pass


def _secret() -> bytes | None:
    """This user's cache key where the rules cache has one (cache.py), else None."""
    from . import cache

    secret = getattr(cache, "_secret", None)
    try:
        return secret() if secret is not None else None
    except Exception:  # noqa: BLE001 - no key: entries are still checked for shape
        return None


def _fingerprint(linter) -> bytes:
    """What every key of this linter shares: replylint, the rule files, the config, the rules in force."""
    from .cache import _engine_key, key_for
    from .loader import rule_inputs

    config = linter.config
    settings = {
        "format": FORMAT,
        "engine": _engine_key(),
        "data": _data_files(),
        "rule files": key_for(rule_inputs(linter.rule_paths)),
        "config": {
            "rules": [str(p) for p in config.rules],
            "disable": list(config.disable),
            "enable": list(config.enable),
            "severity": config.severity,
            "options": config.options,
            "modes": config.modes,
            "placeholders": list(config.placeholders),
        },
        "active": [r.id for r in linter.active],
    }
    return json.dumps(settings, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8")


def _data_files() -> list[str]:
    """The size and time of replylint's data files (the names check's diminutives and the like)."""
    folder = Path(__file__).resolve().parent / "data"
    try:
        return sorted(f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []


# ---------------------------------------------------------------------------------------------
# Reading an entry back: every field checked, and checked against the text


def _diagnostic(item: Any, text: str, starts: list[int], rules) -> Diagnostic:
    if not isinstance(item, dict):
        raise ValueError("a diagnostic is a mapping")
    ints = {k: item.get(k) for k in ("line", "column", "end_line", "end_column", "start", "end")}
    if not all(type(v) is int and v >= 0 for v in ints.values()):
        raise ValueError("positions must be whole numbers")
    start, end = ints["start"], ints["end"]
    rule, severity, message, match = item.get("rule"), item.get("severity"), item.get("message"), item.get("match")
    suggestions = item.get("suggestions", [])
    if rule not in rules or severity not in SEVERITIES or not isinstance(message, str):
        raise ValueError("unknown rule or severity")
    if not (start <= end <= len(text)) or match != text[start:end]:
        raise ValueError("the diagnostic does not fit the text")
    from .engine import line_and_column

    if (ints["line"], ints["column"]) != line_and_column(starts, start) or (ints["end_line"], ints["end_column"]) != line_and_column(starts, end):
        raise ValueError("line and column do not fit the text")
    if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
        raise ValueError("suggestions must be texts")
    return Diagnostic(rule=rule, severity=severity, message=message, line=ints["line"], column=ints["column"],
                      end_line=ints["end_line"], end_column=ints["end_column"], start=start, end=end, match=match,
                      suggestions=list(suggestions), fix=_fix(item.get("fix"), len(text)))


def _fix(item: Any, size: int) -> Fix | None:
    if item is None:
        return None
    if not isinstance(item, dict) or not isinstance(item.get("safe"), bool) or not isinstance(item.get("edits"), list):
        raise ValueError("a fix is {safe, edits}")
    edits = []
    for e in item["edits"]:
        if not isinstance(e, dict) or not isinstance(e.get("text"), str):
            raise ValueError("an edit is {start, end, text}")
        start, end = e.get("start"), e.get("end")
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= size):
            raise ValueError("an edit must lie in the text")
        edits.append(Edit(start, end, e["text"]))
    return Fix(item["safe"], tuple(edits))

