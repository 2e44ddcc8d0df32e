"""A campaign's raw responses as a table, CSV (UTF-8 with BOM) and XLSX.

Anonymous campaigns have no respondent columns; cells a spreadsheet would run as a formula
are defused (CSV injection).
"""

from __future__ import annotations

import csv
import io
from datetime import tzinfo
from typing import Any

from bot.domain.surveys.definitions import QType
from bot.domain.surveys.report import ResponseExport, ResponseRow
from bot.domain.surveys.results import Results
from bot.i18n import Translator
from bot.presentation.surveys.labels import answer_label, local

RESPONDENT_COLUMNS = ["resident_id", "name", "home", "submitted_at"]


def response_table(
    export: ResponseExport, translator: Translator, lang: str, tz: tzinfo
) -> list[list[Any]]:
    """Header + one row per submitted response; anonymous campaigns: answers only."""
    people = [] if export.anonymous else RESPONDENT_COLUMNS
    questions = export.report.survey.questions
    table: list[list[Any]] = [["response", *people, *[q.id for q in questions]]]
    for row in export.rows:
        cells: list[Any] = [row.number]
        if not export.anonymous:
            cells += _respondent_cells(row, tz)
        for q in questions:
            value = row.answers.get(q.id)
            if value is None:
                cells.append("")
            elif q.type in (QType.RATING, QType.NPS):
                cells.append(value)
            else:
                cells.append(answer_label(translator, q, value, lang))
        table.append(cells)
    return table


def _respondent_cells(row: ResponseRow, tz: tzinfo) -> list[Any]:
    who = row.respondent
    if who is None:
        return [None, "", "", ""]
    return [
        who.resident_id,
        who.name,
        who.home,
        local(who.submitted_at, tz) if who.submitted_at else "",
    ]


def responses_csv(export: ResponseExport, translator: Translator, lang: str, tz: tzinfo) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in response_table(export, translator, lang, tz):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def responses_xlsx(export: ResponseExport, translator: Translator, lang: str, tz: tzinfo) -> bytes:
    """Five sheets: the responses, the questions, the dimensions' numbers, response rates
    (overall and per building) and NPS (blocking: run it in a thread)."""
    from openpyxl import Workbook

    report = export.report
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one (active) sheet
    sheet.title = "responses"
    for row in response_table(export, translator, lang, tz):
        sheet.append([_cell(v) for v in row])
    questions = book.create_sheet("questions")
    questions.append(["id", "type", "dimension", "text"])
    for q in report.survey.questions:
        questions.append([q.id, q.type.value, q.dimension or "", q.text.get(lang)])
    summary = book.create_sheet("dimensions")
    summary.append(["dimension", "n", "satisfaction_rate_%", "csat", "mean"])
    for d in report.results.dimensions:
        summary.append([report.survey.dimensions[d.id].get(lang), d.n, d.rate, d.csat, d.mean])
    _rates_and_nps(book, report.results)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rates_and_nps(book: Any, results: Results) -> None:
    rates = book.create_sheet("response_rates")
    rates.append(["building", "invited", "responded", "response_rate_%"])
    rates.append(["(all)", results.invited, results.responded, results.rate])
    for b in results.buildings:
        rates.append([_cell(b.building), b.invited, b.responded, b.rate])
    nps = book.create_sheet("nps")
    nps.append(["n", "promoters_9_10", "passives_7_8", "detractors_0_6", "nps"])
    n = results.nps
    nps.append([n.n, n.promoters, n.passives, n.detractors, n.score])


def _cell(value: Any) -> Any:
    """No spreadsheet formulas from residents' text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
