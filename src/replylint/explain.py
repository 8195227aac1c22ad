"""What `replylint explain ID` prints, and the language server's hover shows: why a rule exists."""
from __future__ import annotations

from .rule import Rule


def explanation(r: Rule) -> str:
    """The rule's principle, its explanation in Russian, its message, a bad and a good example."""
    out = [
        f"{r.id} ({r.severity}, {r.kind})",
        "",
        f"Принцип: {r.cited}",
        "",
        r.explain,
        "",
        f"Сообщение: {message_template(r.message)}",
        "",
        "Плохо:",
        "  " + r.flag[0].text.strip().replace("\n", "\n  "),
        "",
        "Хорошо:",
        "  " + r.passing[0].text.strip().replace("\n", "\n  "),
        "",
        f"Отключить: `disable: [{r.id}]` в .replylint.yaml, `--disable {r.id}`, или `disable: [{r.id}]` во front matter черновика.",
        f"Файл правила: {r.path}",
    ]
    return "\n".join(out)


def message_template(message: str) -> str:
    """A rule's message as an operator sees it, with "…" where the found words and values go."""

    class Gap(dict):
        def __missing__(self, key: str) -> str:
            return "…"

    try:
        return message.format_map(Gap())
    except (ValueError, IndexError):
        return message
