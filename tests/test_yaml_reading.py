"""Front matter and other flat YAML read without PyYAML must read exactly as PyYAML reads it."""
from __future__ import annotations

import yaml

from replylint.yamlio import LineDict, LineList, _line_loader, load_yaml, simple_mapping

from conftest import REPO

SAMPLES = [
    "disable: []\n",
    "client: Анна\nlesson: 2026-11-24 18:30\n",
    "client: Анна Сергеевна\nstudent: Миша\nteacher: Мария Петровна\n",
    "lesson:\n  - 2026-11-24 18:30\n  - 2026-11-26 19:00\nclient: Анна\n",
    "lesson:\n- 2026-11-24 18:30\n",
    "lesson: [2026-11-24 18:30, 2026-11-26 19:00]\n",
    "disable: [too-brief, shouting]\nmode: template\n",
    "\n# a comment\nclient: Анна\n\n",
    "client:\n",
    "date: 2026-11-24\n",
    "client_message: Здравствуйте! Можно перенести урок на среду?\n",
    "note: 100%\nlink: https://example.org/a\n",
    # left to PyYAML: quotes, numbers, booleans, comments after values, nesting, duplicates, errors
    "client: 'Анна'\n", 'client: "Анна"\n', "count: 5\n", "flag: yes\n", "yes: x\n", "time: 18:30\n",
    "client: Анна # the mother\n", "x: y: z\n", "a: [b, [c]]\n", "key: -x\n", "a:\n  b: c\n",
    "client: Анна\nclient: Оля\n", "items:\n- x\n- y\n", "text: |\n  two\n  lines\n", "client: Анна\n\tstudent: Миша\n",
]


def _shape(value):
    """A value with every line number it carries, to compare both readers in full."""
    if isinstance(value, LineDict):
        return ("map", value.line, dict(value.key_lines), {k: _shape(v) for k, v in value.items()})
    if isinstance(value, LineList):
        return ("list", value.line, list(value.item_lines), [_shape(v) for v in value])
    return (type(value).__name__, value)


def _pyyaml(text):
    try:
        return _shape(yaml.load(text, Loader=_line_loader()))
    except yaml.YAMLError as exc:
        return ("error", type(exc).__name__)


def test_what_is_read_without_pyyaml_is_what_pyyaml_reads():
    fast = 0
    front_matters = []
    for file in sorted((REPO / "examples").rglob("*.txt")):
        text = file.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            front_matters.append(text[4 : text.index("\n---", 4) + 1])
    for corpus in sorted((REPO / "tests" / "corpus").glob("*.yaml")):
        for case in yaml.safe_load(corpus.read_text(encoding="utf-8")):
            if case.get("context"):
                front_matters.append(yaml.safe_dump(case["context"], allow_unicode=True, sort_keys=False))
    for text in SAMPLES + front_matters:
        simple = simple_mapping(text)
        if simple is not None:
            fast += 1
            assert _shape(simple) == _pyyaml(text), text
    assert fast >= 12  # most front matter is read the quick way


def test_load_yaml_gives_the_same_lines_either_way():
    data = load_yaml("client: Анна\nlesson:\n  - 2026-11-24 18:30\n", "d.txt", line_offset=1)
    assert data == {"client": "Анна", "lesson": ["2026-11-24 18:30"]}
    assert data.line_of("lesson") == 3 and data["lesson"].line_of(0) == 4


def test_an_empty_flow_list_is_a_list_and_a_bare_key_is_null():
    """As PyYAML reads them: a config of flat keys alone is read without it."""
    assert load_yaml("disable: []\n", "c.yaml") == {"disable": []}
    assert load_yaml("disable:\n", "c.yaml") == {"disable": None}
    assert load_yaml("include: ['*.txt']\ndisable: []\n", "c.yaml") == {"include": ["*.txt"], "disable": []}
