"""Survey results for managers: the numbers, a text report, JSON, CSV, XLSX and a PNG chart.

Exports of an anonymous campaign carry no resident, home or time: only the answers.
"""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.domain.surveys.campaigns import Campaign
from bot.domain.surveys.definitions import QType, Question, Survey
from bot.domain.surveys.results import Results, as_json, compute
from bot.i18n import Raw

if TYPE_CHECKING:
    from bot.services.surveys.service import Surveys

MAX_COMMENTS = 30


@dataclass(frozen=True)
class Report:
    campaign: Campaign
    survey: Survey
    results: Results
    previous: Campaign | None


def fmt(value: float | None, suffix: str = "", signed: bool = False, digits: int = 1) -> str:
    """66.7 -> "66.7%", 100.0 -> "100%", None -> "—"; `signed` for changes (+2.5)."""
    if value is None:
        return "—"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + suffix


class SurveyReports:
    def __init__(self, feature: Surveys) -> None:
        self.f = feature
        self.store = feature.store
        self.t = feature.translator

    async def report(self, actor_id: int | None, campaign_id: int) -> Report:
        await self.f.require_manager(actor_id)
        campaign = await self.f.campaign(campaign_id)
        return await self._report(campaign, with_previous=True)

    async def _report(self, campaign: Campaign, with_previous: bool) -> Report:
        survey = (await self.store.survey(campaign.survey_id)).survey
        previous = await self.store.previous(campaign) if with_previous else None
        before = (await self._report(previous, False)).results if previous else None
        results = compute(
            survey,
            await self.store.submitted_answers(campaign.id),
            await self.store.invitation_outcomes(campaign.id),
            before,
        )
        return Report(campaign, survey, results, previous)

    # ---- text -----------------------------------------------------------------------------
    def answer_label(self, question: Question, value: Any, lang: str) -> str:
        if value is None:
            return self.t.t(lang, "survey.skipped")
        if question.type is QType.RATING:
            return f"{value} {self.t.t(lang, f'survey.rating_{value}')}"
        if question.type is QType.YESNO:
            return self.t.t(lang, "survey.yes" if value else "survey.no")
        if question.type is QType.SINGLE:
            return question.options[question.option_index(value)].text.get(lang)
        if question.type is QType.MULTI:
            return "、".join(
                question.options[question.option_index(v)].text.get(lang) for v in value
            )
        return str(value)

    def text(self, report: Report, lang: str) -> list[str]:
        """The report as HTML message parts (each well under Telegram's 4096 limit)."""
        t, s, r, c = self.t.t, report.survey, report.results, report.campaign
        head = [
            t(
                lang,
                "survey.report_head",
                id=c.id,
                title=s.title.get(lang),
                version=c.version,
                status=t(lang, f"survey.status_{c.status.value}"),
                starts=self.f.local(c.starts_at),
                deadline=self.f.local(c.deadline_at),
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
            head.append(
                t(
                    lang,
                    "survey.report_building",
                    building=b.building,
                    responded=b.responded,
                    invited=b.invited,
                    rate=fmt(b.rate, "%"),
                )
            )
        dims = [t(lang, "survey.report_dims")]
        for d in r.dimensions:
            delta_rate, delta_mean = r.delta(d.id)
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
        dims.append(
            t(
                lang,
                "survey.report_nps",
                score=fmt(r.nps.score),
                promoters=r.nps.promoters,
                passives=r.nps.passives,
                detractors=r.nps.detractors,
                n=r.nps.n,
                change=fmt(r.nps_delta, "", True),
            )
        )
        weakest = "、".join(s.dimensions[d].get(lang) for d in r.weakest) or "—"
        dims.append(t(lang, "survey.report_weakest", dims=weakest))
        questions = [t(lang, "survey.report_questions")]
        for q, stats in zip(s.questions, r.questions, strict=True):
            details = [f"{self._short(q, k, lang)}: {v}" for k, v in stats.distribution.items()]
            if stats.mean is not None:
                details.insert(0, t(lang, "survey.report_mean", mean=fmt(stats.mean, digits=2)))
            questions.append(
                t(
                    lang,
                    "survey.report_question",
                    text=q.text.get(lang)[:60],
                    answered=stats.answered,
                    skipped=stats.skipped,
                    details=" · ".join(details) or "—",
                )
            )
        comments = [t(lang, "survey.report_comments", n=len(r.comments))]
        for _qid, text in r.comments[:MAX_COMMENTS]:
            comments.append(t(lang, "survey.report_comment", text=text[:300]))
        return [_join(part) for part in (head, dims, questions, comments)]

    def _short(self, question: Question, key: Any, lang: str) -> str:
        if question.type in (QType.SINGLE, QType.MULTI):
            return question.options[question.option_index(key)].text.get(lang)
        if question.type is QType.YESNO:
            return self.t.t(lang, "survey.yes" if key else "survey.no")
        return str(key)

    def json(self, report: Report) -> dict[str, Any]:
        data = as_json(report.survey, report.results)
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
            **data,
        }

    # ---- raw responses ----------------------------------------------------------------------
    async def rows(self, report: Report, lang: str) -> list[list[Any]]:
        """Header + one row per submitted response; anonymous campaigns: answers only."""
        survey, anonymous = report.survey, report.campaign.anonymous
        people = [] if anonymous else ["resident_id", "name", "home", "submitted_at"]
        header = ["response", *people, *[q.id for q in survey.questions]]
        rows: list[list[Any]] = [header]
        raw = await self.store.raw_responses(report.campaign.id)
        for number, (_rid, user_id, _building, submitted_at, answers) in enumerate(raw, 1):
            row: list[Any] = [number]
            if not anonymous:
                user = await self.f.d.users.get(user_id) if user_id else None
                home = await self.f.d.homes.get(user.home_id) if user and user.home_id else None
                row += [
                    user_id,
                    user.first_name if user else "",
                    home.label if home else "",
                    self.f.local(submitted_at) if submitted_at else "",
                ]
            for q in survey.questions:
                value = answers.get(q.id)
                row.append(
                    ""
                    if value is None
                    else value
                    if q.type in (QType.RATING, QType.NPS)
                    else self.answer_label(q, value, lang)
                )
            rows.append(row)
        return rows

    async def csv(self, report: Report, lang: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        for row in await self.rows(report, lang):
            writer.writerow([_cell(v) for v in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8

    async def xlsx(self, report: Report, lang: str) -> bytes:
        rows = await self.rows(report, lang)
        return await asyncio.to_thread(_workbook, rows, report, lang, self)

    async def png(self, report: Report, lang: str) -> bytes:
        from bot.presentation.surveys.chart import render_chart

        return await asyncio.to_thread(render_chart, report, lang, self.t)


def _cell(value: Any) -> Any:
    """No spreadsheet formulas from residents' text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _join(lines: list[str]) -> str:
    return Raw("\n".join(lines))


def _workbook(rows: list[list[Any]], report: Report, lang: str, reports: SurveyReports) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    for row in rows:
        sheet.append([_cell(v) for v in row])
    questions = book.create_sheet("questions")
    questions.append(["id", "type", "dimension", "text"])
    for q in report.survey.questions:
        questions.append([q.id, q.type.value, q.dimension or "", q.text.get(lang)])
    summary = book.create_sheet("dimensions")
    summary.append(["dimension", "n", "satisfaction_rate_%", "csat", "mean"])
    for d in report.results.dimensions:
        summary.append([report.survey.dimensions[d.id].get(lang), d.n, d.rate, d.csat, d.mean])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
