"""A survey report as HTML message parts (managers' chat, the CLI) and as JSON."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from bot.domain.surveys.report import Report
from bot.domain.surveys.results import as_json
from bot.i18n import Raw, Translator
from bot.presentation.surveys.labels import fmt, list_separator, local, shorten, value_label

MAX_COMMENTS = 30


def report_text(report: Report, translator: Translator, lang: str, tz: tzinfo) -> list[str]:
    """The report as HTML message parts (each well under Telegram's 4096 limit)."""
    parts = (
        _head(report, translator, lang, tz),
        _dimensions(report, translator, lang),
        _questions(report, translator, lang),
        _comments(report, translator, lang),
    )
    return [Raw("\n".join(part)) for part in parts]


def packed(parts: list[str], limit: int = 4000) -> list[str]:
    """Consecutive parts joined into as few messages as fit under `limit` (UTF-16 units, as
    Telegram counts), so a report is one or two messages rather than a burst of four."""
    out: list[str] = []
    for part in parts:
        joined = f"{out[-1]}\n\n{part}" if out else part
        if out and _units(joined) <= limit:
            out[-1] = Raw(joined)
        else:
            out.append(part)
    return out


def _units(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _head(report: Report, translator: Translator, lang: str, tz: tzinfo) -> list[str]:
    t, s, r, c = translator.t, report.survey, report.results, report.campaign
    head = [
        t(
            lang,
            "survey.report_head",
            id=c.id,
            title=s.title.get(lang),
            version=c.version,
            status=t(lang, f"survey.status_{c.status.value}"),
            starts=local(c.starts_at, tz),
            deadline=local(c.deadline_at, tz),
        ),
        t(
            lang,
            "survey.report_rate",
            responded=r.responded,
            invited=r.invited,
            rate=fmt(r.rate, "%"),
            change=fmt(r.rate_delta, "", True),
        ),
    ]
    if c.anonymous:
        head.append(t(lang, "survey.report_anonymous"))
    if report.previous is not None:
        head.append(t(lang, "survey.report_previous", id=report.previous.id))
    for b in r.buildings:
        rate = fmt(b.rate, "%")
        head.append(
            t(
                lang,
                "survey.report_building",
                building=b.building,
                responded=b.responded,
                invited=b.invited,
                rate=rate,
            )
        )
    return head


def _dimensions(report: Report, translator: Translator, lang: str) -> list[str]:
    t, s, r = translator.t, report.survey, report.results
    dims = [t(lang, "survey.report_dims")]
    for d in r.dimensions:
        delta_rate, _delta_mean = r.delta(d.id)
        dims.append(
            t(
                lang,
                "survey.report_dim",
                label=s.dimensions[d.id].get(lang),
                rate=fmt(d.rate, "%"),
                csat=fmt(d.csat),
                mean=fmt(d.mean, digits=2),
                n=d.n,
                change=fmt(delta_rate, "", True),
            )
        )
    nps = r.nps
    dims.append(
        t(
            lang,
            "survey.report_nps",
            score=fmt(nps.score),
            promoters=nps.promoters,
            passives=nps.passives,
            detractors=nps.detractors,
            n=nps.n,
            change=fmt(r.nps_delta, "", True),
        )
    )
    weakest = list_separator(lang).join(s.dimensions[d].get(lang) for d in r.weakest) or "—"
    dims.append(t(lang, "survey.report_weakest", dims=weakest))
    return dims


def _questions(report: Report, translator: Translator, lang: str) -> list[str]:
    t = translator.t
    lines = [t(lang, "survey.report_questions")]
    for q, stats in zip(report.survey.questions, report.results.questions, strict=True):
        details = [
            f"{value_label(translator, q, k, lang)}: {v}" for k, v in stats.distribution.items()
        ]
        if stats.mean is not None:
            details.insert(0, t(lang, "survey.report_mean", mean=fmt(stats.mean, digits=2)))
        lines.append(
            t(
                lang,
                "survey.report_question",
                text=shorten(q.text.get(lang), 60),
                answered=stats.answered,
                skipped=stats.skipped,
                details=" · ".join(details) or "—",
            )
        )
    return lines


def _comments(report: Report, translator: Translator, lang: str) -> list[str]:
    t, comments = translator.t, report.results.comments
    lines = [t(lang, "survey.report_comments", n=len(comments))]
    for _qid, text in comments[:MAX_COMMENTS]:
        lines.append(t(lang, "survey.report_comment", text=text[:300]))
    return lines


def report_json(report: Report) -> dict[str, Any]:
    """The machine-readable report (CLI --format json): the campaign, then the numbers."""
    c = report.campaign
    return {
        "campaign": {
            "id": c.id,
            "survey": c.survey_key,
            "version": c.version,
            "status": c.status.value,
            "anonymous": c.anonymous,
            "starts_at": c.starts_at.isoformat(),
            "deadline_at": c.deadline_at.isoformat(),
            "previous_campaign": report.previous.id if report.previous else None,
        },
        **as_json(report.survey, report.results),
    }
