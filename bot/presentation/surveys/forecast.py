"""A launch forecast in words: invited now, held by quiet hours (until when), skipped by the
frequency cap (and why), or why nobody would be invited. Chat and CLI show the same lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.domain.surveys.forecast import Forecast
from bot.i18n import Translator


def forecast_text(
    translator: Translator, lang: str | None, forecast: Forecast, local: Callable[[datetime], str]
) -> str:
    t = translator.t
    refusal = forecast.refusal()
    if refusal is not None:
        return t(lang, refusal[0], **refusal[1])
    lines = [t(lang, "survey.forecast", invite=forecast.invite, audience=forecast.audience)]
    if forecast.held_until is not None:
        lines.append(
            t(
                lang,
                "survey.forecast_held",
                at=local(forecast.at),
                invite=forecast.invite,
                until=local(forecast.held_until),
            )
        )
    else:
        lines.append(t(lang, "survey.forecast_now", at=local(forecast.at)))
    if forecast.recent:
        lines.append(
            t(lang, "survey.forecast_skipped", count=forecast.recent, days=forecast.gap_days)
        )
    return "\n".join(lines)
