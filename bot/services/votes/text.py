"""A vote's results as text in one language: the managers' message and the published notice.

Built from catalog text with every typed value escaped by the translator (`plain=True` gives
the notice's plain text: notices escape their body themselves when they are sent)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from bot.domain.votes.results import Results
from bot.i18n import Translator


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def result_lines(
    translator: Translator,
    lang: str,
    results: Results,
    local: Callable[[datetime], str],
    *,
    counts: bool = True,
) -> list[str]:
    t, vote = translator.t, results.vote
    key = "vote.result_home_head" if vote.per_home else "vote.result_person_head"
    closed = local(vote.closed_at or vote.closes_at)
    lines = [
        t(lang, "vote.result_title", id=vote.id, question=vote.question, closes=closed),
        t(lang, key, voted=results.voted, eligible=results.eligible, share=_pct(_turnout(results))),
    ]
    if counts:
        lines += [_option_line(translator, lang, results, i) for i in range(len(vote.options))]
        if vote.per_home and not results.has_area:
            lines.append(t(lang, "vote.area_none"))
        elif results.area_unknown:
            lines.append(t(lang, "vote.area_unknown", count=results.area_unknown))
    else:
        lines.append(t(lang, "vote.counts_hidden"))
    lines.append(t(lang, "vote.turnout_head"))
    for row in results.turnout:
        share = _pct(row.voted / row.eligible) if row.eligible else "—"
        lines.append(
            t(
                lang,
                "vote.turnout_line",
                building=row.building,
                voted=row.voted,
                eligible=row.eligible,
                share=share,
            )
        )
    return lines


def _turnout(results: Results) -> float:
    return results.voted / results.eligible if results.eligible else 0.0


def _option_line(translator: Translator, lang: str, results: Results, index: int) -> str:
    option = results.options[index]
    params = {
        "n": index + 1,
        "text": option.text,
        "count": option.count,
        "share": _pct(option.share),
    }
    if option.area is None:
        return translator.t(lang, "vote.option_line", **params)
    return translator.t(lang, "vote.option_line_area", area=_pct(option.area), **params)


def result_text(
    translator: Translator,
    lang: str,
    results: Results,
    local: Callable[[datetime], str],
    *,
    plain: bool = False,
) -> str:
    text = "\n".join(result_lines(translator, lang, results, local))
    return html.unescape(_strip_tags(text)) if plain else text


def _strip_tags(text: str) -> str:
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        text = text.replace(tag, "")
    return text
