"""The report's charts, drawn with matplotlib as SVG (imported only by `replylint report`).

SVG keeps the charts sharp at any zoom and small; the text is drawn as outlines (``svg.fonttype:
path``), so a chart looks the same on a machine without matplotlib's fonts and the page needs none
from anywhere. The output is deterministic (fixed hash salt, no date), so the same counts give the
same file.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from typing import Iterator, Sequence

COLOURS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1", "total": "#34495e"}
SEVERITY_NAMES = {"error": "ошибки", "warning": "предупреждения", "info": "советы"}
_STYLE = {
    "svg.fonttype": "path",
    "svg.hashsalt": "replylint",
    "font.family": "DejaVu Sans",  # ships with matplotlib, Cyrillic included
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}


@contextmanager
def _figure(width: float, height: float) -> Iterator:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig


def _svg(fig) -> bytes:
    import matplotlib
    from matplotlib.ticker import FuncFormatter

    comma = FuncFormatter(lambda value, _: f"{value:g}".replace(".", ","))  # 2,5 as Russian writes it
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), matplotlib.ticker.ScalarFormatter):  # numbers, not labels
                axis.set_major_formatter(comma)
    buffer = io.BytesIO()
    with matplotlib.rc_context(_STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _height(rows: int) -> float:
    return min(14.0, 0.9 + 0.28 * max(rows, 1))


def bars_by_rule(rows: Sequence[tuple[str, float, str]]) -> bytes:
    """Findings per 100 replies, one bar a rule (label, rate, severity), the highest on top."""
    with _figure(7.5, _height(len(rows))) as fig:
        ax = fig.add_subplot()
        labels = [r[0] for r in rows][::-1]
        rates = [r[1] for r in rows][::-1]
        colours = [COLOURS[r[2]] for r in rows][::-1]
        bars = ax.barh(labels, rates, color=colours)
        ax.bar_label(bars, labels=[_number(v) for v in rates], padding=3, fontsize=8)
        ax.set_xlabel("замечаний на 100 ответов")
        ax.margins(x=0.12)
        _severity_legend(ax, {r[2] for r in rows})
        return _svg(fig)


def bars_by_operator(rows: Sequence[tuple[str, dict[str, float]]]) -> bytes:
    """Findings per 100 replies for each operator, stacked by severity."""
    with _figure(7.5, _height(len(rows))) as fig:
        ax = fig.add_subplot()
        labels = [r[0] for r in rows][::-1]
        left = [0.0] * len(rows)
        for severity in ("error", "warning", "info"):
            values = [r[1].get(severity, 0.0) for r in rows][::-1]
            ax.barh(labels, values, left=left, color=COLOURS[severity], label=SEVERITY_NAMES[severity])
            left = [a + b for a, b in zip(left, values)]
        for y, total in enumerate(left):
            ax.text(total, y, " " + _number(total), va="center", fontsize=8)
        ax.set_xlabel("замечаний на 100 ответов")
        ax.margins(x=0.12)
        ax.legend(loc="lower right", frameon=False, fontsize=8)
        return _svg(fig)


def lines_by_week(weeks: Sequence[str], series: dict[str, Sequence[float]]) -> bytes:
    """Findings per 100 replies week by week: one line per severity and the total."""
    with _figure(7.5, 3.2) as fig:
        ax = fig.add_subplot()
        x = range(len(weeks))
        for key, values in series.items():
            ax.plot(x, values, marker="o", color=COLOURS[key], linewidth=2.2 if key == "total" else 1.5,
                    label="всего" if key == "total" else SEVERITY_NAMES[key])
        ax.set_xticks(list(x), [_week_label(w) for w in weeks], rotation=45 if len(weeks) > 8 else 0, ha="right" if len(weeks) > 8 else "center")
        ax.set_ylabel("на 100 ответов")
        ax.set_xlabel("неделя (с понедельника)")
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(frameon=False, fontsize=8, ncols=4, loc="upper left", bbox_to_anchor=(0, 1.15))
        return _svg(fig)


def heatmap(rules: Sequence[str], weeks: Sequence[str], rates: Sequence[Sequence[float]]) -> bytes:
    """Each rule's rate per 100 replies, week by week: how every rate moved."""
    import numpy as np

    with _figure(min(12.0, 3.2 + 0.62 * len(weeks)), _height(len(rules))) as fig:
        ax = fig.add_subplot()
        data = np.array(rates, dtype=float)
        mesh = ax.pcolormesh(data, cmap="Reds", vmin=0, vmax=max(1.0, float(data.max()) if data.size else 1.0),
                             edgecolors="white", linewidth=1)
        ax.set_yticks([i + 0.5 for i in range(len(rules))], rules)
        ax.set_xticks([i + 0.5 for i in range(len(weeks))], [_week_label(w) for w in weeks],
                      rotation=45 if len(weeks) > 8 else 0, ha="right" if len(weeks) > 8 else "center")
        ax.invert_yaxis()
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        top = float(data.max()) if data.size else 0.0
        for (row, col), value in np.ndenumerate(data):
            if value:
                ax.text(col + 0.5, row + 0.5, _number(value), ha="center", va="center", fontsize=7,
                        color="white" if value > top * 0.6 else "#222")
        fig.colorbar(mesh, ax=ax, label="на 100 ответов", shrink=0.8)
        return _svg(fig)


def _severity_legend(ax, present: set[str]) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=COLOURS[s], label=SEVERITY_NAMES[s]) for s in ("error", "warning", "info") if s in present]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=8)


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") if value < 10 else f"{value:.0f}"


def _week_label(week: str) -> str:
    year, month, day = week.split("-")
    return f"{day}.{month}"
