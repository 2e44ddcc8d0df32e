"""The results chart: satisfaction rate per dimension, the previous campaign beside it.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global
backend switch). Chinese needs a CJK font: Noto Sans CJK SC from the `noto-cjk-sans-otc`
package (SIL OFL), registered once; DejaVu Sans would draw boxes.
"""

from __future__ import annotations

import html
import io
import threading
from functools import cache
from pathlib import Path

from bot.domain.surveys.report import Report
from bot.i18n import Translator

CJK_FAMILY = "Noto Sans CJK SC"
_lock = threading.Lock()


def cjk_font_file() -> Path:
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


@cache
def _registered() -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_file()))  # every face of the collection
    return CJK_FAMILY


def font_properties():
    """The font every label of the chart is drawn with (tests check its coverage)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=[_registered()])


def _plain(translator: Translator):
    """Catalog text without HTML escaping: the chart is not an HTML message."""
    return lambda lang, key, **params: html.unescape(translator.t(lang, key, **params))


def chart_labels(report: Report, lang: str, translator: Translator) -> list[str]:
    """Every piece of text the chart draws, so a test can check each glyph is in the font."""
    t, r, c = _plain(translator), report.results, report.campaign
    labels = [
        t(lang, "survey.chart_title", title=report.survey.title.get(lang), id=c.id),
        t(
            lang,
            "survey.chart_subtitle",
            rate=_pct(r.rate),
            nps=_pct(r.nps.score, ""),
            responded=r.responded,
        ),
        t(lang, "survey.chart_current", id=c.id),
        t(lang, "survey.chart_empty"),
    ]
    if report.previous is not None:
        labels.append(t(lang, "survey.chart_previous", id=report.previous.id))
    labels += [report.survey.dimensions[d.id].get(lang) for d in r.dimensions]
    labels += [_pct(d.rate) for d in r.dimensions]
    return labels


def _pct(value: float | None, suffix: str = "%") -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".") + suffix


def render_chart(report: Report, lang: str, translator: Translator) -> bytes:
    """The chart as PNG bytes (blocking: run it in a thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    t, r = _plain(translator), report.results
    font = font_properties()
    with _lock:  # matplotlib's font cache is not thread-safe
        figure = Figure(figsize=(8, 1.2 + 0.45 * max(len(r.dimensions), 3)), dpi=110)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot(1, 1, 1)
        _bars(axes, report, lang, t, font)
        _decorate(figure, axes, report, lang, t, font)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()


def _bars(axes, report: Report, lang: str, t, font) -> None:
    """This round's rate per dimension (and the previous round's beside it), labelled."""
    r, c, previous = report.results, report.campaign, report.results.previous
    dims = list(r.dimensions)
    names = [report.survey.dimensions[d.id].get(lang) for d in dims]
    rows = list(range(len(dims)))[::-1]
    height = 0.38 if previous is not None else 0.6
    shift = height / 2 if previous is not None else 0
    axes.barh(
        [y + shift for y in rows],
        [d.rate or 0.0 for d in dims],
        height=height,
        color="#2f7ed8",
        label=t(lang, "survey.chart_current", id=c.id),
    )
    if previous is not None:
        before = [(dim.rate or 0.0) if (dim := previous.dimension(d.id)) else 0.0 for d in dims]
        axes.barh(
            [y - height / 2 for y in rows],
            before,
            height=height,
            color="#b8c2cc",
            label=t(
                lang, "survey.chart_previous", id=report.previous.id if report.previous else ""
            ),
        )
    for y, d in zip(rows, dims, strict=True):
        axes.text(
            (d.rate or 0.0) + 1,
            y + shift,
            _pct(d.rate),
            va="center",
            fontproperties=font,
            fontsize=8,
        )
    axes.set_yticks(rows, names, fontproperties=font, fontsize=9)


def _decorate(figure, axes, report: Report, lang: str, t, font) -> None:
    """Axis, the empty-campaign note, legend, title and subtitle."""
    r, c = report.results, report.campaign
    axes.set_xlim(0, 112)  # room for the "100%" label
    axes.set_xticks([0, 20, 40, 60, 80, 100], [f"{x}%" for x in range(0, 101, 20)])
    for label in axes.get_xticklabels():
        label.set_fontproperties(font)
    if not r.responded:
        axes.text(
            50,
            (len(r.dimensions) - 1) / 2,
            t(lang, "survey.chart_empty"),
            ha="center",
            va="center",
            fontproperties=font,
            fontsize=14,
            color="#888888",
        )
    axes.legend(prop=font, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, frameon=False)
    figure.suptitle(
        t(lang, "survey.chart_title", title=report.survey.title.get(lang), id=c.id),
        fontproperties=font,
        fontsize=13,
    )
    subtitle = t(
        lang,
        "survey.chart_subtitle",
        rate=_pct(r.rate),
        nps=_pct(r.nps.score, ""),
        responded=r.responded,
    )
    axes.set_title(subtitle, fontproperties=font, fontsize=9, color="#555555")
