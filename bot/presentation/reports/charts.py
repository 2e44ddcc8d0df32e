"""The report's charts in one tall PNG for a phone: volume by category against the previous
period, deadline achievement, and the weekday x hour heatmap of new tickets (CJK font)."""

from __future__ import annotations

import html
import io

from bot.domain.reports.model import Report
from bot.domain.reports.stats import share
from bot.i18n import Translator
from bot.presentation.surveys.chart import _lock, font_properties

MAX_CATEGORIES = 10


def chart_labels(report: Report, lang: str, translator: Translator) -> list[str]:
    """Every text the chart draws (a test checks each glyph is in the font)."""
    t = _plain(translator)
    keys = ("chart_volume", "chart_now", "chart_before", "chart_met", "chart_response",
            "chart_resolution", "chart_heatmap", "weekday", "chart_mirror", "chart_satisfied",
            "chart_on_time")  # fmt: skip
    labels = [t(lang, f"report.{key}") for key in keys]
    labels += [t(lang, f"category.{c}") for c in list(report.volume.by_category)[:MAX_CATEGORIES]]
    if report.mirror is not None:
        labels += [row.labels.get(lang, row.dimension) for row in report.mirror.rows]
    return labels


def _plain(translator: Translator):
    return lambda lang, key, **params: html.unescape(translator.t(lang, key, **params))


def render_charts(report: Report, lang: str, translator: Translator) -> bytes | None:
    """PNG bytes, or None for an empty period (nothing worth drawing). Blocking."""
    if not report.volume.created and not report.volume.previous[0]:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    t, font = _plain(translator), font_properties()
    with _lock:
        mirror = report.mirror is not None and bool(report.mirror.rows)
        ratios = [3, 1, 2] + ([3] if mirror else [])
        figure = Figure(figsize=(7, 12 + (4 if mirror else 0)), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.subplots(len(ratios), 1, gridspec_kw={"height_ratios": ratios})
        _volume(axes[0], report, lang, t, font)
        _met(axes[1], report, lang, t, font)
        _heatmap(axes[2], report, lang, t, font)
        if mirror:
            _mirror(axes[3], report, lang, t, font)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()


def _volume(axes, report: Report, lang: str, t, font) -> None:
    items = list(report.volume.by_category.items())[:MAX_CATEGORIES]
    rows = list(range(len(items)))[::-1]
    axes.barh(
        [y + 0.2 for y in rows],
        [a for _k, (a, _b) in items],
        height=0.4,
        color="#2f7ed8",
        label=t(lang, "report.chart_now"),
    )
    axes.barh([y - 0.2 for y in rows], [b for _k, (_a, b) in items], height=0.4,
              color="#b8c2cc", label=t(lang, "report.chart_before"))  # fmt: skip
    axes.set_yticks(rows, [t(lang, f"category.{k}") for k, _v in items], fontproperties=font)
    axes.set_title(t(lang, "report.chart_volume"), fontproperties=font, fontsize=13)
    axes.legend(prop=font)


def _met(axes, report: Report, lang: str, t, font) -> None:
    s = report.speed
    values = [share(*s.response_met) or 0.0, share(*s.resolution_met) or 0.0]
    labels = [t(lang, "report.chart_response"), t(lang, "report.chart_resolution")]
    axes.barh([1, 0], values, color=["#2f7ed8", "#f28f43"])
    for y, value in zip([1, 0], values, strict=True):
        axes.text(value + 1, y, f"{value:g}%", va="center", fontproperties=font)
    axes.set_xlim(0, 112)
    axes.set_yticks([1, 0], labels, fontproperties=font)
    axes.set_title(t(lang, "report.chart_met"), fontproperties=font, fontsize=13)


def _heatmap(axes, report: Report, lang: str, t, font) -> None:
    grid = [list(row) for row in report.hotspots.heatmap]
    axes.imshow(grid, aspect="auto", cmap="Blues")
    axes.set_yticks(range(7), list(t(lang, "report.weekday"))[:7], fontproperties=font)
    axes.set_xticks(range(0, 24, 3), [f"{h:02d}" for h in range(0, 24, 3)])
    axes.set_title(t(lang, "report.chart_heatmap"), fontproperties=font, fontsize=13)


def _mirror(axes, report: Report, lang: str, t, font) -> None:
    rows = report.mirror.rows if report.mirror else ()
    ys = list(range(len(rows)))[::-1]
    axes.barh(
        [y + 0.2 for y in ys],
        [r.rate or 0.0 for r in rows],
        height=0.4,
        color="#2f7ed8",
        label=t(lang, "report.chart_satisfied"),
    )
    axes.barh([y - 0.2 for y in ys], [r.met or 0.0 for r in rows], height=0.4,
              color="#f28f43", label=t(lang, "report.chart_on_time"))  # fmt: skip
    axes.set_xlim(0, 105)
    axes.set_yticks(ys, [r.labels.get(lang, r.dimension) for r in rows], fontproperties=font)
    axes.set_title(t(lang, "report.chart_mirror"), fontproperties=font, fontsize=13)
    axes.legend(prop=font)
