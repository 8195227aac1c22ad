"""Every character of a template read from a collection is traced back to the characters of the
file it came from, whatever YAML or JSON style wrote it: the property behind "line and column
point into the collection file itself"."""
from __future__ import annotations

import json

import pytest
import yaml

from replylint.collections import read_collection

SAMPLES = [
    "Сменить преподавателя не получится.",
    "Здравствуйте, {{name}}!\nВернуть деньги не получится.\n",
    "Это 'важно': \"цитата\" и обратная косая \\ черта.",
    "Строка с табом\tи пробелами в конце   \n\nи пустой строкой выше.",
    "Эмодзи 😊 и ё, и длинная строка, которую дамп перенесёт на несколько строк, потому что она длиннее ширины.",
    "  ведущие пробелы и\n    отступ во второй строке",
    "%NAME%, [ИМЯ], <ИМЯ КЛИЕНТА>: #не комментарий",
]
YAML_STYLES = [None, "'", '"', "|", ">"]


def check_traced(template: str, entry, decode) -> None:
    assert len(entry.starts) == len(template) == len(entry.ends)
    for i, ch in enumerate(template):
        raw = entry.file_text[entry.starts[i] : entry.ends[i]]
        if ch in " \n\t":
            continue  # folded or kept whitespace maps to whitespace or a line break nearby
        assert decode(raw) == ch, (i, ch, raw)


def yaml_decode(raw: str) -> str:
    if raw.startswith("\\") and len(raw) > 1:
        return yaml.safe_load('"' + raw + '"')
    if raw == "''":
        return "'"
    return raw


@pytest.mark.parametrize("style", YAML_STYLES)
@pytest.mark.parametrize("width", [40, 1000])
def test_yaml_styles(style, width):
    items = [{"id": f"t{i}", "text": text} for i, text in enumerate(SAMPLES)]
    dumped = yaml.dump(items, allow_unicode=True, default_style=None, width=width, sort_keys=False)
    if style is not None:
        class Dumper(yaml.SafeDumper):
            pass

        def represent_str(dumper, value):
            if value.startswith("t") and value[1:].isdigit() or value in ("id", "text"):
                return dumper.represent_scalar("tag:yaml.org,2002:str", value)
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Dumper.add_representer(str, represent_str)
        dumped = yaml.dump(items, Dumper=Dumper, allow_unicode=True, width=width, sort_keys=False)
    templates = read_collection("m.yaml", dumped)
    assert [t for _, t, _ in templates] == [yaml.safe_load(dumped)[i]["text"] for i in range(len(SAMPLES))]
    for _, template, entry in templates:
        check_traced(template, entry, yaml_decode)


@pytest.mark.parametrize("ensure_ascii", [False, True])
@pytest.mark.parametrize("indent", [None, 2])
def test_json(ensure_ascii, indent):
    items = [{"name": f"t{i}", "body": text} for i, text in enumerate(SAMPLES)]
    dumped = json.dumps({"templates": items}, ensure_ascii=ensure_ascii, indent=indent)
    templates = read_collection("m.json", dumped)
    assert [t for _, t, _ in templates] == SAMPLES
    for _, template, entry in templates:
        assert len(entry.starts) == len(template)
        for i, ch in enumerate(template):
            raw = entry.file_text[entry.starts[i] : entry.ends[i]]
            assert json.loads('"' + raw + '"') == ch, (i, ch, raw)


def test_zendesk_html():
    html = "<p>Здравствуйте,&nbsp;Анна!</p><p>Сменить преподавателя <b>не</b> получится &mdash; увы.</p>"
    dumped = json.dumps({"macros": [{"id": 7, "actions": [{"field": "comment_value_html", "value": html}]}]}, ensure_ascii=True)
    [(shown, template, entry)] = read_collection("z.json", dumped)
    assert shown == "z.json#7"
    assert "Сменить преподавателя не получится — увы." in template
    assert "<" not in template
    for i, ch in enumerate(template):
        raw = entry.file_text[entry.starts[i] : entry.ends[i]]
        if ch == "\n":
            continue  # a block tag
        decoded = json.loads('"' + raw + '"')
        import html as html_module

        assert html_module.unescape(decoded).replace("\xa0", " ") in (ch, ch.replace("\xa0", " ")), (i, ch, raw)
