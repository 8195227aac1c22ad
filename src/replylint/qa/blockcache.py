"""The report's cache: a block of replies checked before, with nothing that decides its tally
changed since, is not checked again.

A lead re-runs the report each week over an archive that grows at its end. The replies, in the
report's order, are cut into fixed blocks of :data:`BLOCK` (whatever ``--jobs`` or ``--dask``), and
each block's :class:`~replylint.qa.tally.Tally` is kept, keyed by a SHA-256 of:

- what keys ``check``'s result cache (resultcache.py's ``_fingerprint``): replylint itself, the rule
  files and word lists, the config's rule settings and the rules in force;
- ``--worst`` (how many replies a tally keeps per rule);
- every reply of the block as the tally sees it: its place, file and row, conversation, time, week,
  operator as shown, text and context (the client's message before it, the names).

So an appended row changes the key of its block only (the last, as a rule; a row added inside an old
conversation moves the replies after it, and their blocks are checked again).

Entries are plain JSON data, never pickle, in ``<cache folder>/reports/`` (cache.py's folder rules;
``report --no-cache`` or ``REPLYLINT_NO_CACHE=1`` turns the cache off), written whole (a temporary
file moved into place), with the HMAC of the result cache's entries where this user has a key. They
hold counts and, for the few replies each rule keeps among its worst, the reply's place in the block
and its marks; the quoted texts come from the export being read. An entry is checked for shape when
read (counts are whole numbers, rules are known, operators and weeks are the block's, marks lie in
their reply's text): a missing, torn, foreign or planted entry is ignored and its block checked
again. A block with a reply the engine could not check is not stored. The folder keeps the
:data:`KEEP` most recently used entries.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from .replies import Reply
from .tally import SEVERITIES, Mark, Shown, Tally, rank
from .tally import shown as quoted

BLOCK = 1000  # replies per cached block, in the report's order
FORMAT = 1  # bump when an entry's shape or a tally's meaning changes
KEEP = 1024  # entries kept: a million replies' blocks


def blocks(replies: list[Reply]) -> list[list[Reply]]:
    return [replies[i : i + BLOCK] for i in range(0, len(replies), BLOCK)]


def open_cache(linter, keep: int) -> "BlockCache | None":
    """The cache for this linter and ``keep``, or None where there is none to be had."""
    from .. import resultcache

    if not resultcache.enabled() or not getattr(linter, "rule_paths", None):
        return None  # (a linter made of rule objects, not files: nothing to key it by)
    try:
        return BlockCache(linter, keep)
    except OSError:
        return None


class BlockCache:
    def __init__(self, linter, keep: int, folder: Path | None = None) -> None:
        from ..cache import cache_dir
        from ..resultcache import _fingerprint, _secret

        self.linter = linter
        self.keep = keep
        self.folder = folder if folder is not None else cache_dir() / "reports"
        self._base = _fingerprint(linter) + f"\0report tally {FORMAT}\0keep {keep}\0".encode()
        self._secret = _secret()
        self._written = False

    def key(self, block: list[Reply]) -> str:
        digest = hashlib.sha256(self._base)
        for reply in block:  # a frozen dataclass: its repr names every field, context included
            digest.update(repr(reply).encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def lookup(self, block: list[Reply]) -> Tally | None:
        """The block's tally, or None (not cached, or an entry not to be trusted)."""
        from ..resultcache import read_entry, touch_if_old, verified

        key = self.key(block)
        path = self.folder / f"{key}.json"
        try:
            data, age = read_entry(path)
            tally = _decode(json.loads(verified(self._secret, key, data)), key, block, self.keep, self.linter.by_id)
        except Exception:  # noqa: BLE001 - missing, torn, foreign or planted: check the block again
            return None
        touch_if_old(path, age)
        return tally

    def store(self, block: list[Reply], tally: Tally) -> None:
        from ..resultcache import sign, write_entry

        if tally.failed or tally.replies != len(block):
            return  # a reply the engine tripped on is tried again next time
        key = self.key(block)
        body = json.dumps(_encode(tally, key, block), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if write_entry(self.folder / f"{key}.json", key, sign(self._secret, key, body)):
            self._written = True

    def prune(self) -> None:
        from ..resultcache import keep_newest

        if self._written:
            keep_newest(self.folder, KEEP)
            self._written = False


# ---------------------------------------------------------------------------------------------
# A tally as JSON data, and back: every field checked against the block it claims to count


def _encode(tally: Tally, key: str, block: list[Reply]) -> dict:
    first = block[0].index
    shown: dict[int, Shown] = {}
    worst = {}
    for rule, kept in tally.worst.items():
        worst[rule] = []
        for _, reply in kept:
            shown[reply.index - first] = reply
            worst[rule].append(reply.index - first)
    return {
        "format": FORMAT, "key": key, "replies": tally.replies, "clean": tally.clean,
        "findings": tally.findings, "flagged": tally.flagged, "rules": tally.rules, "rule_replies": tally.rule_replies,
        "operators": list(tally.operators.items()), "weeks": list(tally.weeks.items()),
        "rule_weeks": [[rule, week, n] for (rule, week), n in tally.rule_weeks.items()],
        "shown": [[at, [[m.start, m.end, m.rule, m.severity, m.message] for m in s.marks]] for at, s in shown.items()],
        "worst": worst,
    }


def _decode(entry: Any, key: str, block: list[Reply], keep: int, rules) -> Tally:
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        raise ValueError("not an entry for this key")
    operators = {r.operator for r in block}
    weeks = {r.week for r in block}
    tally = Tally(keep=keep)
    tally.replies = _count(entry.get("replies"))
    tally.clean = _count(entry.get("clean"))
    if tally.replies != len(block) or tally.clean > tally.replies:
        raise ValueError("not this block's number of replies")
    tally.findings = _counter(entry.get("findings"), SEVERITIES)
    tally.flagged = _counter(entry.get("flagged"), SEVERITIES)
    tally.rules = _counter(entry.get("rules"), rules)
    tally.rule_replies = _counter(entry.get("rule_replies"), rules)
    per_group = ("replies", *SEVERITIES)
    tally.operators = _groups(entry.get("operators"), operators, per_group)
    tally.weeks = _groups(entry.get("weeks"), weeks, per_group)
    items = entry.get("rule_weeks")
    if not isinstance(items, list):
        raise ValueError("rule_weeks is a list")
    for item in items:
        if not (isinstance(item, list) and len(item) == 3 and item[0] in rules and item[1] in weeks):
            raise ValueError("a rule's week is [rule, week, findings]")
        tally.rule_weeks[(item[0], item[1])] = _count(item[2], positive=True)
    shown = _shown(entry.get("shown"), block, rules)
    worst = entry.get("worst")
    if not isinstance(worst, dict):
        raise ValueError("worst is a mapping")
    for rule, places in worst.items():
        if rule not in rules or not isinstance(places, list) or len(places) > keep:
            raise ValueError("a rule's worst replies")
        candidates = []
        for at in places:
            reply = shown.get(at) if type(at) is int else None
            if reply is None:
                raise ValueError("a worst reply that is not shown")
            if not any(m.rule == rule for m in reply.marks):
                raise ValueError("a worst reply without the rule's finding")
            candidates.append((rank(reply, rule), reply))
        tally._offer(rule, candidates)
    return tally


def _count(value: Any, positive: bool = False) -> int:
    if type(value) is not int or value < (1 if positive else 0):
        raise ValueError("a count is a whole number")
    return value


def _counter(value: Any, allowed) -> Counter:
    if not isinstance(value, dict) or not all(k in allowed for k in value):
        raise ValueError("counts of unknown things")
    return Counter({k: _count(v, positive=True) for k, v in value.items()})


def _groups(value: Any, names: set[str], allowed) -> dict[str, Counter]:
    if not isinstance(value, list):
        raise ValueError("groups are a list")
    groups: dict[str, Counter] = {}
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in names and item[0] not in groups):
            raise ValueError("a group that is not the block's")
        groups[item[0]] = _counter(item[1], allowed)
    return groups


def _shown(value: Any, block: list[Reply], rules) -> dict[int, Shown]:
    if not isinstance(value, list):
        raise ValueError("shown is a list")
    shown: dict[int, Shown] = {}
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int and 0 <= item[0] < len(block)
                and isinstance(item[1], list)):
            raise ValueError("a shown reply is [place, marks]")
        reply = block[item[0]]
        marks = []
        for m in item[1]:
            if not (isinstance(m, list) and len(m) == 5 and type(m[0]) is int and type(m[1]) is int
                    and 0 <= m[0] <= m[1] <= len(reply.text) and m[2] in rules and m[3] in SEVERITIES
                    and isinstance(m[4], str)):
                raise ValueError("a mark that does not fit its reply")
            marks.append(Mark(m[0], m[1], m[2], m[3], m[4]))
        shown[item[0]] = quoted(reply, marks)
    return shown
