"""The QA report's cache (qa/blockcache.py): blocks of replies counted before are not checked again,
and the report is the same as an uncached one; a changed or appended reply re-checks its block
only; torn, foreign and planted entries are ignored; --no-cache and REPLYLINT_NO_CACHE=1 check all.

What is checked is counted, not timed: in-process, by a linter whose check_source writes each
reply's place to a file (forked --jobs workers write to it too), with blocks of three replies; from
the command line, by a pymorphy3 that fails when used (as in test_result_cache.py).
"""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from conftest import REPO, run_replylint
from test_report import team  # noqa: F401 - a pytest fixture, used by name

SMALL = REPO / "tests" / "data" / "report" / "small.csv"


class Counting:
    """The linter, writing the place of each reply it checks to a file."""

    def __init__(self, linter, log: Path) -> None:
        self.linter, self.log = linter, log

    def __getattr__(self, name):
        return getattr(self.linter, name)

    def check_source(self, source, overrides=None, mode=None):
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(source.path + "\n")
        return self.linter.check_source(source, overrides, mode)

    def checked(self) -> list[str]:
        """The replies checked since the last call."""
        found = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        self.log.unlink(missing_ok=True)
        return found


@pytest.fixture
def setup(team, tmp_path, monkeypatch):  # noqa: F811 - the imported fixture
    """A counting linter with the team's rules, the small export's seven replies, blocks of three."""
    from replylint.qa import blockcache
    from replylint.qa.exports import read_export
    from replylint.qa.replies import build_replies
    from replylint.qa.settings import ReportSettings
    from replylint.run import make_linter

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REPLYLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(blockcache, "BLOCK", 3)
    linter = Counting(make_linter(str(team / ".replylint.yaml"), [], [], []), tmp_path / "checked.log")
    replies = build_replies(read_export(str(SMALL), ReportSettings(), lambda *a: None), False).replies
    assert len(replies) == 7  # blocks of 3, 3 and 1
    return linter, replies, tmp_path / "cache" / "reports"


def tally_of(linter, replies, **options):
    from replylint.qa.runner import check_replies

    return check_replies(linter, replies, **options)


def test_a_second_run_checks_no_reply_and_counts_the_same(setup):
    linter, replies, folder = setup
    expected = tally_of(linter, replies, jobs=1, cache=False)
    assert len(linter.checked()) == 7 and not folder.exists()  # --no-cache neither reads nor writes
    assert tally_of(linter, replies, jobs=1) == expected
    assert len(linter.checked()) == 7 and len(list(folder.glob("*.json"))) == 3
    again = tally_of(linter, replies, jobs=1)
    assert linter.checked() == []
    assert again == expected and again.worst == expected.worst and again.rule_weeks == expected.rule_weeks


def test_an_appended_or_changed_reply_rechecks_its_block_only(setup):
    linter, replies, _ = setup
    tally_of(linter, replies, jobs=1)
    linter.checked()
    # a reply appended: the last block (replies 7 and 8) is checked, the first two come from the cache
    extra = dataclasses.replace(replies[-1], index=7, where=replies[-1].where + "+", text="Срочно не получится.")
    grown = replies + [extra]
    assert tally_of(linter, grown, jobs=1) == tally_of(linter, grown, jobs=1, cache=False)
    assert linter.checked()[:2] == [replies[-1].where, extra.where]
    # a reply changed in the first block, in --jobs 2 processes: that block only
    changed = [replies[0], dataclasses.replace(replies[1], text=replies[1].text + " Срочно."), *replies[2:]]
    cached = tally_of(linter, changed, jobs=2)
    assert sorted(linter.checked()) == sorted(r.where for r in changed[:3])
    assert cached == tally_of(linter, changed, jobs=1, cache=False)


def test_torn_foreign_and_planted_entries_are_ignored(setup):
    from replylint.qa import blockcache
    from replylint.resultcache import sign, verified

    linter, replies, folder = setup
    expected = tally_of(linter, replies, jobs=1)
    linter.checked()
    store = blockcache.BlockCache(linter, 5)
    first, second, third = blockcache.blocks(replies)
    # torn: half an entry
    path = folder / f"{store.key(first)}.json"
    path.write_bytes(path.read_bytes()[:100])
    # foreign: the third block's entry under the second's name
    (folder / f"{store.key(second)}.json").write_bytes((folder / f"{store.key(third)}.json").read_bytes())
    # planted, and signed as ours (as anyone could without a key): a count that is not the block's
    key = store.key(third)
    entry = json.loads(verified(store._secret, key, (folder / f"{key}.json").read_bytes()))
    entry["findings"] = {"error": -3}
    (folder / f"{key}.json").write_bytes(sign(store._secret, key, json.dumps(entry).encode()))
    assert tally_of(linter, replies, jobs=1) == expected
    assert len(linter.checked()) == 7  # every block checked again, and stored again
    assert tally_of(linter, replies, jobs=1) == expected and linter.checked() == []


def test_planted_marks_and_groups_do_not_load(setup):
    """Each part of an entry is checked against the block it names."""
    from replylint.qa import blockcache

    linter, replies, _ = setup
    block = replies[:3]
    tally = tally_of(linter, block, jobs=1, cache=False)
    store = blockcache.BlockCache(linter, 5)
    key = store.key(block)
    good = json.loads(json.dumps(blockcache._encode(tally, key, block)))
    assert blockcache._decode(good, key, block, 5, linter.by_id) == tally
    assert good["shown"], "the block has findings to plant into"
    at, marks = good["shown"][0]
    for change in (
        lambda e: e["shown"][0][1].append([0, 10**6, marks[0][2], "error", "x"]),  # beyond the reply's text
        lambda e: e["shown"][0][1].append([0, 1, "no-such-rule", "error", "x"]),
        lambda e: e["operators"].append(["Кто-то другой", {"replies": 1}]),
        lambda e: e.update(replies=len(block) + 1),
        lambda e: e.update(key="0" * 64),
        lambda e: e["worst"].update({marks[0][2]: [len(block)]}),  # a reply the entry does not show
    ):
        planted = json.loads(json.dumps(good))
        change(planted)
        with pytest.raises(ValueError):
            blockcache._decode(planted, key, block, 5, linter.by_id)


def test_dask_checks_only_the_blocks_not_cached(setup, monkeypatch):
    pytest.importorskip("distributed", reason="the report extra is not installed: pip install -e '.[dev]'")
    from replylint.qa import dask_run

    linter, replies, _ = setup
    real = linter.linter  # pickled to the workers: the counting wrapper stays here
    tally_of(real, replies[:6], jobs=1)  # the first two blocks cached
    sent: list[list[str]] = []
    check_on_dask = dask_run.check_on_dask

    def spy(address, linter, blocks, *args):
        sent.extend([r.where for r in b] for b in blocks)
        return check_on_dask(address, linter, blocks, *args)

    monkeypatch.setattr(dask_run, "check_on_dask", spy)
    assert tally_of(real, replies, dask="local", jobs=1) == tally_of(real, replies, jobs=1, cache=False)
    assert sent == [[replies[6].where]]
    sent.clear()
    assert tally_of(real, replies, dask="local", jobs=1) == tally_of(real, replies, jobs=1, cache=False)
    assert sent == []  # nothing to check: no cluster started


# ------------------------------------------------------------------------------ the command line

def test_the_report_from_the_cache_is_the_same_file_and_no_cache_checks_all(team, tmp_path):  # noqa: F811
    import pymorphy3

    env = {k: v for k, v in os.environ.items() if k != "REPLYLINT_NO_CACHE"}
    env["REPLYLINT_CACHE_DIR"] = str(tmp_path / "cache")
    stub = tmp_path / "stub"
    (stub / "pymorphy3").mkdir(parents=True)
    (stub / "pymorphy3" / "__init__.py").write_text(
        f"__version__ = {pymorphy3.__version__!r}\n\n"
        "def __getattr__(name):\n    raise RuntimeError('pymorphy3 used: a reply was checked')\n", encoding="utf-8")
    unanalysed = {**env, "PYTHONPATH": str(stub)}

    def report(name: str, *args: str, env: dict) -> list[bytes]:
        proc = run_replylint("report", str(SMALL), "--out", str(tmp_path / f"{name}.html"),
                             "--csv", str(tmp_path / name), "--jobs", "1", *args, cwd=team, env=env)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert ("не проверен" in proc.stderr) == name.startswith("all"), proc.stderr
        return [(tmp_path / f"{name}.html").read_bytes()] + [p.read_bytes() for p in sorted((tmp_path / name).iterdir())]

    expected = report("uncached", "--no-cache", env=env)
    assert not (tmp_path / "cache" / "reports").exists()
    assert report("first", env=env) == expected
    assert report("second", env=unanalysed) == expected  # not one reply checked
    report("all-option", "--no-cache", env=unanalysed)  # every reply checked (and failed to be)
    # REPLYLINT_NO_CACHE=1 turns every cache off (the rules too: the stub would fail on them)
    off = {**env, "REPLYLINT_NO_CACHE": "1", "REPLYLINT_CACHE_DIR": str(tmp_path / "other")}
    assert report("off", env=off) == expected and not (tmp_path / "other" / "reports").exists()
