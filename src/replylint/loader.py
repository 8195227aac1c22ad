"""Load rule files: one YAML file per rule, a shared header plus the fields of its kind.

    id: refusal-no-reason                 # stable: configs and scripts name it
    severity: error                       # error | warning | info
    message: "Объясните причину отказа: почему не получится?"
    description: отказ без объяснения причины            # optional, one line, for tables
    principle:
      name: Три закона «нет»: объясняйте причину
      source: Заметки об организации поддержки  # optional: the document or link it rests on
    explain: |
      Why the rule exists, in Russian, in our own words.
    kind: conditional                     # existence | substitution | conditional | metric | check
    modes: [draft, template]              # optional: where it applies (default: both)
    enabled: true                         # optional: false makes it opt-in (--enable ID)
    options: {}                           # optional: defaults a config may override
    examples:
      flag: [...]                         # drafts it must flag (text, or text + context/mode/match)
      pass: [...]                         # drafts it must not flag
    ...the kind's own fields...

Every problem is a :class:`RuleError` with the file and line.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .context import MODES, context_from_mapping
from .errors import RuleError, close_matches
from .kinds import KINDS
from .read import read_text
from .rule import SEVERITIES, Example, Rule, message_problem
from .yamlio import line_of, load_yaml

HEADER_REQUIRED = ("id", "severity", "message", "principle", "explain", "kind", "examples")
HEADER_OPTIONAL = ("description", "modes", "enabled", "options", "reads")
READS = ("prose", "all")  # what of a draft a rule judges: its prose (prose.py), or all of its text
# What a team lead writes for a required key that is missing (the error says it).
_WHAT_TO_WRITE = {
    "id": ": id: no-weekend-promise (строчные латинские буквы, цифры, дефисы)",
    "severity": ": severity: error, warning или info",
    "message": ": message: \"что увидит оператор, найденные слова — {match}\"",
    "principle": ": principle: {name: Прозрачность, source: регламент команды или ссылка} (source можно не писать)",
    "explain": ": explain: зачем правило, по-русски (это покажет replylint explain)",
    "kind": ": kind: existence (или conditional, substitution, metric, check)",
    "examples": ": examples: {flag: [черновик, который правило отмечает], pass: [черновик, который оно пропускает]}",
}
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


@lru_cache(maxsize=1)
def shipped_dir(in_package: str, in_checkout: str) -> Path:
    """A folder the wheel ships inside the package (force-included from the checkout's top level)."""
    here = Path(__file__).resolve().parent
    packaged = here / in_package
    return packaged if packaged.is_dir() else here.parent.parent / in_checkout


def builtin_rules_dir() -> Path:
    """The built-in rules: inside the installed package, or the checkout's top-level rules/."""
    return shipped_dir("builtin_rules", "rules")


def rule_files(path: Path) -> list[Path]:
    if path.is_dir():
        # lists/ holds shared word lists, not rules
        return sorted(
            p for p in path.rglob("*")
            if p.suffix in (".yaml", ".yml") and p.is_file() and "lists" not in p.relative_to(path).parts[:-1]
        )
    if not path.exists():
        raise RuleError("нет такого файла или папки правил", str(path))
    return [path]


def load_rule_file(path: str) -> Rule:
    text = read_text(path)
    raw = load_yaml(text, path, error=RuleError)
    return build_rule(raw, path)


def build_rule(raw: Any, path: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError("файл правила — словарь ключей: id, severity, message, principle, explain, kind, examples…", path, 1)
    kind_name = raw.get("kind")
    if "kind" in raw and kind_name not in KINDS:
        close = close_matches(str(kind_name), KINDS, n=1)
        hint = f" (может быть, {close[0]!r}?)" if close else f" (виды: {', '.join(KINDS)})"
        raise RuleError(f"неизвестный вид правила (kind) {kind_name!r}{hint}", path, line_of(raw, "kind"))
    kind = KINDS.get(kind_name)
    kind_fields = kind.FIELDS if kind else {}
    allowed = set(HEADER_REQUIRED) | set(HEADER_OPTIONAL) | set(kind_fields)
    for key in raw:
        if key not in allowed:
            close = close_matches(str(key), allowed, n=1)
            hint = f" (может быть, {close[0]!r}?)" if close else f" (ключи: {', '.join(sorted(allowed))})"
            where = f"правила вида {kind_name}" if kind else "правила"
            raise RuleError(f"неизвестный ключ {key!r} у {where}{hint}", path, line_of(raw, key))
    missing = [k for k in HEADER_REQUIRED if k not in raw] + [k for k, req in kind_fields.items() if req and k not in raw]
    if missing:
        raise RuleError(f"нет обязательного ключа {missing[0]!r}{_WHAT_TO_WRITE.get(missing[0], '')}", path, raw.line if hasattr(raw, "line") else 1)

    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not rule_id or not set(rule_id) <= _ID_CHARS or rule_id[0] == "-":
        raise RuleError(f"id {rule_id!r}: только строчные латинские буквы, цифры и дефисы, например no-weekend-promise", path, line_of(raw, "id"))
    severity = raw["severity"]
    if severity not in SEVERITIES:
        raise RuleError(f"severity {severity!r}: допустимы {', '.join(SEVERITIES)}", path, line_of(raw, "severity"))
    for key in ("message", "explain"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise RuleError(f"{key!r} должен быть непустым текстом", path, line_of(raw, key))
    problem = message_problem(raw["message"])
    if problem:
        raise RuleError(f"message: {problem}", path, line_of(raw, "message"))
    principle = _principle(raw, path)
    modes = raw.get("modes", list(MODES))
    if isinstance(modes, str):
        modes = [modes]
    if not isinstance(modes, list) or not modes or any(m not in MODES for m in modes):
        raise RuleError(f"modes: список из {', '.join(MODES)}", path, line_of(raw, "modes"))
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RuleError("'enabled': true или false", path, line_of(raw, "enabled"))
    reads = raw.get("reads", "prose")
    if reads not in READS:
        raise RuleError(f"reads {reads!r}: допустимы {', '.join(READS)}", path, line_of(raw, "reads"))
    options = raw.get("options", {}) or {}
    if not isinstance(options, dict):
        raise RuleError("'options' должен быть словарём параметр: значение", path, line_of(raw, "options"))

    matcher = kind.compile(raw, path)
    defaults = getattr(matcher, "defaults", None)
    all_options = {**(defaults() if defaults else {}), **options}
    flag, passing = _examples(raw, path)
    return Rule(
        id=rule_id,
        severity=severity,
        message=raw["message"].strip(),
        principle=principle,
        explain=raw["explain"].strip(),
        kind=kind_name,
        matcher=matcher,
        path=path,
        line=getattr(raw, "line", 1),
        flag=flag,
        passing=passing,
        modes=frozenset(modes),
        enabled=enabled,
        options=all_options,
        description=str(raw.get("description", "")).strip(),
        reads=reads,
    )


def _principle(raw: dict, path: str) -> dict[str, str]:
    """The principle a rule rests on: its name, and where it is written, if said (a document or a
    link of the team's; the built-in rules name the documents listed in rules/README.md)."""
    principle = raw["principle"]
    if isinstance(principle, str) and principle.strip():
        principle = {"name": principle}
    if not isinstance(principle, dict) or not isinstance(principle.get("name"), str) or not principle["name"].strip():
        raise RuleError(f"principle: нужно имя принципа, на котором стоит правило{_WHAT_TO_WRITE['principle']}", path, line_of(raw, "principle"))
    unknown = set(principle) - {"name", "source"}
    if unknown:
        key = sorted(unknown)[0]
        raise RuleError(f"principle: неизвестный ключ {key!r} (есть name и source){_WHAT_TO_WRITE['principle']}", path, line_of(principle, key, line_of(raw, "principle")))
    source = principle.get("source")
    if source is not None and not isinstance(source, str):
        raise RuleError("principle: source — текст: название документа или ссылка", path, line_of(principle, "source", line_of(raw, "principle")))
    return {"name": principle["name"].strip(), "source": (source or "").strip()}


def _examples(raw: dict, path: str) -> tuple[list[Example], list[Example]]:
    examples = raw["examples"]
    line = line_of(raw, "examples")
    if not isinstance(examples, dict):
        raise RuleError("'examples' — словарь со списками flag (что правило должно отметить) и pass (что не должно)", path, line)
    unknown = set(examples) - {"flag", "pass"}
    if unknown:
        raise RuleError(f"неизвестный ключ {sorted(unknown)[0]!r} в examples (нужны flag и pass)", path, line_of(examples, sorted(unknown)[0], line))
    result = []
    for key in ("flag", "pass"):
        items = examples.get(key)
        if not isinstance(items, list) or not items:
            raise RuleError(f"в examples нужен хотя бы один пример '{key}'", path, line_of(examples, key) if key in examples else line)
        result.append([_example(item, path, line_of(items, i, line)) for i, item in enumerate(items)])
    return result[0], result[1]


def _example(item: Any, path: str, line: int | None) -> Example:
    if isinstance(item, str):
        return Example(text=item, line=line)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        hint = " (пример с ': ' внутри возьмите в кавычки)" if isinstance(item, dict) else ""
        raise RuleError(f"пример — текст черновика или словарь с 'text'{hint}", path, line)
    unknown = set(item) - {"text", "context", "mode", "match"}
    if unknown:
        raise RuleError(f"неизвестный ключ {sorted(unknown)[0]!r} в примере (допустимы: text, context, mode, match)", path, line)
    context = item.get("context") or {}
    context_from_mapping(context, path, line, error=RuleError)  # validate now, not when the test runs
    mode = item.get("mode")
    if mode is not None and mode not in MODES:
        raise RuleError(f"mode {mode!r}: допустимы {', '.join(MODES)}", path, line)
    return Example(text=item["text"], context=dict(context), mode=mode, match=item.get("match"), line=line)


def load_rules(paths: list[Path]) -> list[Rule]:
    """Load every rule file under ``paths``; a duplicate id is an error naming both files.

    Compiled rules are cached by the contents of every rule file and word list (see cache.py).
    """
    from .cache import cached

    files = rule_inputs(paths)
    builtin_lists = sorted((builtin_rules_dir() / "lists").glob("*.y*ml"))
    # The built-in word lists travel with the rules: checks such as blame-colleague read them by
    # name, and one cache file is cheaper to load than one per list.
    rules, lists = cached("rules", files, lambda: (_load_rules(paths), _load_lists(builtin_lists)), _rules_and_lists)
    from .patterns import remember_word_lists

    remember_word_lists(lists)
    return rules


def _rules_and_lists(value: Any) -> bool:
    """The shape of a cached (rules, word lists) entry."""
    return (
        isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], list) and isinstance(value[1], dict)
        and all(isinstance(r, Rule) for r in value[0])
    )


def rule_inputs(paths: list[Path]) -> list[Path]:
    """Every file the rules under ``paths`` are compiled from: the rule files, the word lists beside
    them and the built-in word lists (what the rules cache and the result cache are keyed by)."""
    files: list[Path] = []
    for path in paths:
        files.extend(rule_files(path))
        lists = (path if path.is_dir() else path.parent) / "lists"
        if lists.is_dir():
            files.extend(sorted(lists.glob("*.y*ml")))
    files.extend(sorted((builtin_rules_dir() / "lists").glob("*.y*ml")))
    return list(dict.fromkeys(files))  # the built-in lists come in twice when the built-in rules are read


def _load_lists(files: list[Path]) -> dict[str, list]:
    from .patterns import _load_word_list

    return {str(f): _load_word_list(str(f)) for f in files}


def _load_rules(paths: list[Path]) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for path in paths:
        for file in rule_files(path):
            rule = load_rule_file(str(file))
            if rule.id in seen:
                first = seen[rule.id]
                raise RuleError(f"id {rule.id!r} уже занят правилом в {first.path}:{first.line}", rule.path, rule.line)
            seen[rule.id] = rule
            rules.append(rule)
    return rules
