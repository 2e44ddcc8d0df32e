"""The survey renderers on plain result objects, no service or database: text, JSON, the
responses table (anonymity, CSV injection), XLSX sheets."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.surveys.campaigns import Audience, AudienceKind, Campaign, CampaignStatus
from bot.domain.surveys.report import Report, Respondent, ResponseExport, ResponseRow
from bot.domain.surveys.results import compute
from bot.i18n import Translator
from bot.presentation.surveys.exports import response_table, responses_csv, responses_xlsx
from bot.presentation.surveys.labels import answer_label, fmt
from bot.presentation.surveys.text import report_json, report_text
from tests.unit.test_survey_results import INVITED, RESPONSES, SURVEY

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
T = Translator("zh")


def _report(anonymous: bool = False) -> Report:
    campaign = Campaign(
        id=7,
        survey_id=1,
        survey_key=SURVEY.key,
        version=1,
        audience=Audience(AudienceKind.ALL),
        starts_at=START,
        deadline_at=START + timedelta(days=14),
        anonymous=anonymous,
        status=CampaignStatus.CLOSED,
    )
    return Report(campaign, SURVEY, compute(SURVEY, RESPONSES, INVITED), None)


def _export(anonymous: bool) -> ResponseExport:
    who = None if anonymous else Respondent(501, "Alice", "3-1-501", START)
    answers = {**RESPONSES[0], "comment": "=cmd()"}
    return ResponseExport(_report(anonymous), (ResponseRow(1, answers, who),))


def test_numbers_read_the_same_everywhere():
    assert (fmt(66.7, "%"), fmt(100.0, "%"), fmt(None), fmt(2.5, signed=True)) == (
        "66.7%",
        "100%",
        "—",
        "+2.5",
    )


def test_text_parts_show_the_campaign_in_local_time_and_every_section():
    parts = report_text(_report(), T, "zh", SH)
    assert len(parts) == 4
    assert "2026-03-02 10:00 → 2026-03-16 10:00" in parts[0]
    assert f"回收率：4/{len(INVITED)}" in parts[0]
    assert "很好" in parts[3] and "楼道很脏" in parts[3]


def test_json_carries_the_campaign_and_the_numbers():
    data = report_json(_report())
    assert data["campaign"]["id"] == 7 and data["campaign"]["previous_campaign"] is None
    assert (data["invited"], data["responded"]) == (len(INVITED), 4)


def test_the_table_names_respondents_only_when_the_campaign_is_not_anonymous():
    named = response_table(_export(False), T, "en", SH)
    assert named[0][:5] == ["response", "resident_id", "name", "home", "submitted_at"]
    assert named[1][:5] == [1, 501, "Alice", "3-1-501", "2026-03-02 10:00"]
    anonymous = response_table(_export(True), T, "en", SH)
    assert anonymous[0][:2] == ["response", "clean"] and anonymous[1][:2] == [1, 5]


def test_csv_has_a_bom_and_defuses_formulas():
    data = responses_csv(_export(True), T, "zh", SH)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][-1] == "'=cmd()"
    assert rows[1][SURVEY.questions.index(SURVEY.question("again")) + 1] == "是"


def test_xlsx_has_sheets_for_rates_and_nps():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(responses_xlsx(_export(False), T, "zh", SH)))
    assert book.sheetnames == ["responses", "questions", "dimensions", "response_rates", "nps"]
    assert book["responses"]["B2"].value == 501


def test_answer_labels():
    assert answer_label(T, SURVEY.question("again"), None, "en") == T.t("en", "survey.skipped")
    assert answer_label(T, SURVEY.question("clean"), 4, "zh").startswith("4 ")
