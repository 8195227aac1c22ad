"""The report as one HTML file that opens offline: styles inline, charts as SVG data: URIs, no script.

A Content-Security-Policy in the page itself forbids loading anything (``default-src 'none'``), so
even a copy opened on a machine with a network fetches nothing. Quoted replies are escaped; the
words each finding marks are ``<mark>``ed, with the rule's message on hover and listed below.
Without ``--names``, operators' names are masked in the quoted texts too (a signature would give
them away), in their common case forms.
"""
from __future__ import annotations

import base64
import re
from datetime import date, datetime, timedelta
from html import escape
from typing import Callable, Sequence

from .. import __version__
from ..report import plural
from . import charts
from .counts import Counts, GroupRow
from .tally import SEVERITIES, Mark, Shown, Tally

SEVERITY_WORDS = {"error": "ошибка", "warning": "предупреждение", "info": "совет"}
SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}
RECENT_WEEKS = 8  # weeks shown in the table of moves (the heat map has them all)

_CSS = """
:root { --error: #c0392b; --warning: #d68910; --info: #2e86c1; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       margin: 0; background: #f5f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 6px; } .muted, .note { color: var(--muted); } .note { font-size: 13px; }
nav a { margin-right: 14px; color: #2457a6; text-decoration: none; } nav { margin: 12px 0 0; font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin-top: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card b { display: block; font-size: 24px; } .card span { color: var(--muted); font-size: 13px; }
.chart { display: block; max-width: 100%; height: auto; margin: 8px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0 10px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f3f7; font-weight: 600; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { white-space: nowrap; font-size: 13px; background: #f0f3f7; padding: 1px 4px; border-radius: 3px; }
.sev { font-size: 12px; padding: 1px 6px; border-radius: 10px; color: #fff; white-space: nowrap; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); } .sev.info { background: var(--info); }
.up { color: var(--error); } .down { color: #1e8449; }
.reply { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.reply.error { border-left-color: var(--error); } .reply.warning { border-left-color: var(--warning); } .reply.info { border-left-color: var(--info); }
.meta { font-size: 13px; color: var(--muted); margin-bottom: 6px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
blockquote { margin: 4px 0 8px; padding: 4px 10px; border-left: 3px solid var(--line); color: #3e4c59; white-space: pre-wrap; font-size: 14px; }
details summary { cursor: pointer; font-size: 13px; color: var(--muted); }
mark { background: #fdebd0; border-bottom: 2px solid var(--warning); padding: 0 1px; }
mark.error { background: #fadbd8; border-bottom-color: var(--error); } mark.info { background: #d6eaf8; border-bottom-color: var(--info); }
mark.this { outline: 1px solid currentColor; }
ul.findings { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
footer { margin-top: 40px; font-size: 13px; color: var(--muted); }
@media print { body { background: #fff; } main { padding: 0; } nav { display: none; } .reply { break-inside: avoid; } }
"""


def render_html(counts: Counts, tally: Tally, operator_names: Sequence[str], names: bool,
                rules_in_force: int, exports: Sequence[str]) -> str:
    mask = (lambda text: text) if names else _masker(operator_names)
    period = f"{_day(counts.first)} — {_day(counts.last)}" if counts.first and counts.last else ""
    parts = [
        "<!doctype html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        # nothing may be loaded from anywhere: the charts are data: URIs, the styles are inline
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Отчёт о качестве ответов{': ' + period if period else ''}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Отчёт о качестве ответов</h1>",
        f'<p class="muted">{escape(period)} · {_count(counts.replies, "ответ", "ответа", "ответов")} '
        f'операторов в {_count(counts.conversations, "диалоге", "диалогах", "диалогах")} · '
        f'выгрузки: {escape(", ".join(exports))}</p>',
        '<nav><a href="#totals">Итоги</a><a href="#rules">Правила</a><a href="#operators">Операторы</a>'
        '<a href="#weeks">Недели</a><a href="#moves">Динамика</a><a href="#worst">Худшие ответы</a></nav>',
        _totals(counts),
        _rules(counts),
        _operators(counts, names),
        _weeks(counts),
        _moves(counts),
        _worst(counts, tally, mask),
        f'<footer>Сделано <code>replylint report</code> {escape(__version__)}; правил в силе: {rules_in_force}. '
        "Страница ничего не загружает из интернета: графики и стили внутри файла.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


# ----------------------------------------------------------------------------------- sections

def _totals(c: Counts) -> str:
    cards = [
        (_int(c.replies), "ответов проверено"),
        (_int(c.conversations), "диалогов"),
        (_int(c.operators), "операторов"),
        (_rate(c.total_findings, c.replies), "замечаний на 100 ответов"),
        (_share(c.clean, c.replies), "ответов без ошибок и предупреждений"),
        (_int(c.findings["error"]), "ошибок"),
        (_int(c.findings["warning"]), "предупреждений"),
        (_int(c.findings["info"]), "советов"),
    ]
    if c.skipped_rows:
        cards.append((_int(c.skipped_rows), "строк выгрузки пропущено (см. сообщения при запуске)"))
    if c.unchecked:
        cards.append((_int(c.unchecked), "ответов не проверено (см. сообщения при запуске)"))
    body = "".join(f'<div class="card"><b>{value}</b><span>{label}</span></div>' for value, label in cards)
    return f'<section id="totals"><h2>Итоги</h2><div class="cards">{body}</div></section>'


def _rules(c: Counts) -> str:
    if not c.rules:
        return '<section id="rules"><h2>Замечания по правилам</h2><p>Замечаний нет.</p></section>'
    chart = _img(charts.bars_by_rule([(r.rule, r.per_100, r.severity) for r in c.rules]),
                 "Замечания на 100 ответов по правилам")
    rows = "".join(
        f"<tr><td><code>{escape(r.rule)}</code></td><td>{_sev(r.severity)}</td><td>{escape(r.description)}</td>"
        f'<td class="n">{_int(r.findings)}</td><td class="n">{_int(r.replies)}</td><td class="n">{_num(r.per_100)}</td></tr>'
        for r in c.rules)
    return ('<section id="rules"><h2>Замечания по правилам</h2>'
            '<p class="note">Сколько замечаний каждого правила приходится на 100 ответов.</p>' + chart +
            '<table><tr><th>Правило</th><th>Уровень</th><th>Что ловит</th><th class="n">Замечаний</th>'
            f'<th class="n">Ответов с ним</th><th class="n">На 100 ответов</th></tr>{rows}</table></section>')


def _operators(c: Counts, names: bool) -> str:
    note = ("Операторы названы по именам (<code>--names</code>)." if names else
            "Имена операторов скрыты: «Оператор 1», «Оператор 2»… пронумерованы по первому ответу в выгрузке "
            "(а не по числу замечаний) и скрыты и в цитатах ответов. Имена показывает <code>--names</code>.")
    chart = _img(charts.bars_by_operator([(g.name, {s: g.per_100_of(s) for s in SEVERITIES}) for g in c.by_operator]),
                 "Замечания на 100 ответов по операторам") if c.by_operator else ""
    return ('<section id="operators"><h2>По операторам</h2>' f'<p class="note">{note}</p>' + chart +
            _group_table("Оператор", c.by_operator, escape) + "</section>")


def _weeks(c: Counts) -> str:
    series = {"total": [g.per_100 for g in c.by_week], **{s: [g.per_100_of(s) for g in c.by_week] for s in SEVERITIES}}
    chart = _img(charts.lines_by_week(c.weeks, series), "Замечания на 100 ответов по неделям") if c.by_week else ""
    return ('<section id="weeks"><h2>По неделям</h2>'
            '<p class="note">Неделя — с понедельника по воскресенье, по времени ответа в выгрузке.</p>' + chart +
            _group_table("Неделя", c.by_week, _week_range) + "</section>")


def _moves(c: Counts) -> str:
    if not c.moves or not c.weeks:
        return '<section id="moves"><h2>Как менялись показатели</h2><p>Замечаний нет.</p></section>'
    chart = _img(charts.heatmap([m.rule for m in c.moves], c.weeks, [m.rates for m in c.moves]),
                 "Замечания на 100 ответов по правилам и неделям")
    recent = c.weeks[-RECENT_WEEKS:]
    head = "".join(f'<th class="n">{_week_label(w)}</th>' for w in recent)
    total_rates = [g.per_100 for g in c.by_week]
    rows = [_move_row("<b>все правила</b>", total_rates[-len(recent):],
                      total_rates[-1] - total_rates[-2] if len(total_rates) > 1 else None)]
    rows += [_move_row(f"<code>{escape(m.rule)}</code>", m.rates[-len(recent):], m.change) for m in c.moves]
    last = (f"последняя неделя ({_week_range(c.weeks[-1])}) против предыдущей" if len(c.weeks) > 1
            else "в выгрузке одна неделя: сравнить не с чем")
    return ('<section id="moves"><h2>Как менялись показатели</h2>'
            '<p class="note">Замечания каждого правила на 100 ответов, неделя за неделей. В последнем столбце — '
            f'{last}: <span class="up">▲</span> чаще, <span class="down">▼</span> реже. '
            'Неделя с малым числом ответов колеблется сильнее: число ответов — в таблице «По неделям».</p>' + chart +
            f'<table><tr><th>Правило</th>{head}<th class="n">Изменение</th></tr>{"".join(rows)}</table></section>')


def _move_row(label: str, rates: Sequence[float], change: float | None) -> str:
    cells = "".join(f'<td class="n">{_num(r)}</td>' for r in rates)
    if change is None:
        moved = "—"
    elif abs(change) < 0.05:
        moved = "="
    elif change > 0:
        moved = f'<span class="up">▲ +{_num(change)}</span>'
    else:
        moved = f'<span class="down">▼ −{_num(-change)}</span>'
    return f'<tr><td>{label}</td>{cells}<td class="n">{moved}</td></tr>'


def _worst(c: Counts, tally: Tally, mask: Callable[[str], str]) -> str:
    if not c.rules:
        return '<section id="worst"><h2>Худшие ответы по правилам</h2><p>Замечаний нет.</p></section>'
    out = ['<section id="worst"><h2>Худшие ответы по правилам</h2>'
           '<p class="note">Для каждого правила — ответы с наибольшим числом его замечаний (затем — ошибок и всех '
           'замечаний). Отмечены все найденные слова; слова этого правила обведены, сообщение — при наведении.</p>']
    for row in c.rules:
        out.append(f'<h3 id="worst-{escape(row.rule)}"><code>{escape(row.rule)}</code> {_sev(row.severity)} '
                   f'<span class="muted">{escape(row.description)}</span></h3>')
        for _, shown in tally.worst.get(row.rule, []):
            out.append(_reply(shown, row.rule, mask))
    out.append("</section>")
    return "".join(out)


def _reply(shown: Shown, rule: str, mask: Callable[[str], str]) -> str:
    worst = max((m.severity for m in shown.marks), key=SEVERITY_RANK.__getitem__, default="info")
    meta = (f"{escape(shown.operator)} · {shown.time:%d.%m.%Y %H:%M} · диалог {escape(shown.conversation)} · "
            f"{escape(shown.where)}")
    client = (f"<details><summary>Сообщение клиента</summary><blockquote>{escape(mask(shown.client_message))}"
              "</blockquote></details>" if shown.client_message else "")
    findings = "".join(
        f"<li>{_sev(m.severity)} <code>{escape(m.rule)}</code> «{escape(mask(shown.text[m.start:m.end]))}»: "
        f"{escape(m.message)}</li>" for m in shown.marks)
    return (f'<article class="reply {worst}"><div class="meta">{meta}</div>{client}'
            f'<div class="text">{marked(shown.text, shown.marks, rule, mask)}</div>'
            f'<ul class="findings">{findings}</ul></article>')


def marked(text: str, marks: Sequence[Mark], rule: str, mask: Callable[[str], str]) -> str:
    """The text, escaped, with each finding's words in a <mark> (overlapping findings split into pieces)."""
    spans = [(m.start, max(m.end, m.start + 1), m) for m in marks if 0 <= m.start < len(text)]
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(min(e, len(text)) for _, e, _ in spans)})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = [m for s, e, m in spans if s <= a and b <= e]
        piece = escape(mask(text[a:b]))
        if not covering:
            out.append(piece)
            continue
        severity = max((m.severity for m in covering), key=SEVERITY_RANK.__getitem__)
        this = " this" if any(m.rule == rule for m in covering) else ""
        title = escape("\n".join(f"{m.rule}: {m.message}" for m in covering), quote=True)
        out.append(f'<mark class="{severity}{this}" title="{title}">{piece}</mark>')
    return "".join(out)


# ------------------------------------------------------------------------------------ helpers

def _group_table(first: str, groups: Sequence[GroupRow], name: Callable[[str], str]) -> str:
    rows = "".join(
        f'<tr><td>{name(g.name)}</td><td class="n">{_int(g.replies)}</td><td class="n">{_int(g.errors)}</td>'
        f'<td class="n">{_int(g.warnings)}</td><td class="n">{_int(g.infos)}</td><td class="n">{_num(g.per_100)}</td></tr>'
        for g in groups)
    return (f'<table><tr><th>{first}</th><th class="n">Ответов</th><th class="n">Ошибок</th>'
            f'<th class="n">Предупреждений</th><th class="n">Советов</th><th class="n">Замечаний на 100 ответов</th></tr>'
            f"{rows}</table>")


def _masker(names: Sequence[str]) -> Callable[[str], str]:
    """Replaces operators' names (each word of them, in its common case forms) with «[оператор]»."""
    words = sorted({w for n in names for w in re.findall(r"[^\W\d_]{2,}", n) if w[0].isupper()}, key=len, reverse=True)
    if not words:
        return lambda text: text
    forms = "|".join(re.escape(w[:-1] if w[-1] in "аяйьАЯЙЬ" and len(w) > 2 else w) + r"[а-яё]{0,3}" for w in words)
    pattern = re.compile(rf"(?<![^\W\d_])(?:{forms})(?![^\W\d_])")
    return lambda text: pattern.sub("[оператор]", text)


def _img(svg: bytes, alt: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    size = re.search(rb'<svg[^>]*?width="([\d.]+)pt"', svg[:2000])
    width = f' width="{round(float(size.group(1)) * 96 / 72 * 1.2)}"' if size else ""  # points to pixels, a little larger
    return f'<img class="chart"{width} alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _sev(severity: str) -> str:
    return f'<span class="sev {severity}">{SEVERITY_WORDS[severity]}</span>'


def _int(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _num(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _rate(count: int, replies: int) -> str:
    return _num(100.0 * count / replies if replies else 0.0)


def _share(part: int, whole: int) -> str:
    return _num(100.0 * part / whole if whole else 0.0) + "%"


def _count(n: int, one: str, few: str, many: str) -> str:
    return f"{_int(n)} {plural(n, one, few, many)}"


def _day(moment: datetime | None) -> str:
    return f"{moment:%d.%m.%Y}" if moment else ""


def _week_label(week: str) -> str:
    return f"{date.fromisoformat(week):%d.%m}"


def _week_range(week: str) -> str:
    monday = date.fromisoformat(week)
    return f"{monday:%d.%m}–{monday + timedelta(days=6):%d.%m.%Y}"
