"""Managers and surveys: `/survey` (guided launch), `/survey_results`, exports, importing a
definition file sent to the bot, and the schedule job. Every entry point checks the
manager role on the server before anything else."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.surveys.campaigns import Campaign
from bot.domain.surveys.files import MAX_FILE_BYTES
from bot.i18n import Raw
from bot.presentation.surveys.chart import render_chart
from bot.presentation.surveys.exports import responses_csv, responses_xlsx
from bot.presentation.surveys.forecast import forecast_text
from bot.presentation.surveys.labels import campaign_line as list_line
from bot.presentation.surveys.text import packed, report_text
from bot.services.surveys.files import refusal
from bot.services.surveys.service import InvalidDefinition
from bot.services.surveys.wizard import WizardView
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send
from handlers.common.updates import (
    actor_of,
    chat_of,
    document_of,
    pressed_message,
    query_of,
)

log = logging.getLogger(__name__)
WIZARD_PATTERN = (
    r"^sw:(survey|audience|bld|days|start|every|deadline|reminders|anon|confirm|x):[a-z0-9_]{1,12}$"
)
EXPORT_PATTERN = r"^sr:(csv|xlsx):\d{1,12}$"
DEFINITION_EXTENSIONS = (".yaml", ".yml", ".json")
MAX_DOCUMENT = MAX_FILE_BYTES


async def _manager(context: BotContext) -> None:
    await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)


def wizard_markup(context: BotContext, view: WizardView) -> InlineKeyboardMarkup | None:
    if view.step == "done":
        return None
    buttons = [
        InlineKeyboardButton(
            ("✅ " if c.selected else "") + context.t(c.key, **c.params),
            callback_data=encode("sw", view.step, c.value),
        )
        for c in view.choices
    ]
    width = 4 if view.step == "bld" else 3 if view.step in ("days", "deadline", "reminders") else 1
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    rows.append(
        [InlineKeyboardButton(context.t("survey.cancel"), callback_data=encode("sw", "x", "x"))]
    )
    return InlineKeyboardMarkup(rows)


def wizard_text_of(context: BotContext, view: WizardView) -> str:
    text = context.t(view.prompt, **view.params)
    surveys = context.services.surveys
    if view.problem is not None:
        text += "\n\n❌ " + context.t(view.problem[0], **view.problem[1])
    elif view.forecast is not None:
        translator = context.services.translator
        text += "\n\n" + forecast_text(translator, context.lang, view.forecast, surveys.local)
    return text


async def survey_command(update: Update, context: BotContext) -> None:
    """/survey: launch a campaign step by step (the state survives restarts)."""
    await _manager(context)
    view = await context.services.surveys.wizard.begin(actor_of(context).id, context.lang)
    await reply(update, context, view.prompt, wizard_markup(context, view), **view.params)


async def wizard_button(update: Update, context: BotContext) -> None:
    """A button of the /survey flow; one from an earlier step is refused."""
    query = query_of(update)
    await _manager(context)
    action = require(query.data)
    wizard = context.services.surveys.wizard
    if action.verb == "x":
        await wizard.cancel(actor_of(context).id)
        await answer(context, query)  # before the edit: a double tap's edit changes nothing
        await edit_pressed(query, context.t("survey.wizard_cancelled"))
        return
    view = await wizard.choose(actor_of(context).id, action.verb, action.arg, context.lang)
    await answer(context, query)
    await edit_pressed(query, wizard_text_of(context, view), wizard_markup(context, view))


async def wizard_text(update: Update, context: BotContext, text: str) -> bool:
    """The typed start date/time of the /survey flow (called from the private-text route)."""
    view = await context.services.surveys.wizard.text(actor_of(context).id, text, context.lang)
    if view is None:
        return False
    markup = wizard_markup(context, view)
    await send(context, chat_of(update).id, wizard_text_of(context, view), markup)
    return True


def campaign_line(context: BotContext, campaign: Campaign) -> str:
    """One campaign in a list, in the reader's language."""
    services = context.services
    return list_line(services.translator, context.lang, campaign, services.surveys.local)


async def survey_results_command(update: Update, context: BotContext) -> None:
    """/survey_results [ID]: the numbers, the chart, and export buttons; no ID lists campaigns."""
    await _manager(context)
    surveys, args = context.services.surveys, list(context.args or [])
    if not args or not args[0].lstrip("#").isdecimal():
        campaigns = await surveys.campaigns(actor_of(context).id, limit=15)
        lines = [campaign_line(context, c) for c in campaigns]
        if not lines:
            await reply(update, context, "survey.list_empty")
            return
        # Each line was escaped when it was built: join them as markup, not as text.
        await reply(update, context, "survey.list", lines=Raw("\n".join(lines)))
        return
    await send_results(update, context, int(args[0].lstrip("#")))


async def send_results(update: Update, context: BotContext, campaign_id: int) -> None:
    """The report (one message per part, sent one after another) and the chart."""
    surveys = context.services.surveys
    report = await surveys.reports.report(actor_of(context).id, campaign_id)
    chat, translator = chat_of(update).id, context.services.translator
    # One or two messages and the chart, one after another (never a burst of five).
    parts = report_text(report, translator, context.lang, context.services.settings.tz)
    for part in packed(parts):
        await send(context, chat, part)
    png = await asyncio.to_thread(render_chart, report, context.lang, translator)
    exports = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("CSV", callback_data=encode("sr", "csv", report.campaign.id)),
                InlineKeyboardButton(
                    "XLSX", callback_data=encode("sr", "xlsx", report.campaign.id)
                ),
            ]
        ]
    )
    await context.bot.send_photo(
        chat,
        InputFile(png, filename=f"survey-{report.campaign.id}.png"),
        caption=context.t("survey.chart_caption", id=report.campaign.id),
        reply_markup=exports,
    )


async def export_button(update: Update, context: BotContext) -> None:
    """CSV / XLSX of the raw responses (anonymised when the campaign is)."""
    query = query_of(update)
    await _manager(context)
    action = require(query.data)
    export = await context.services.surveys.reports.responses(
        actor_of(context).id, action.int_arg() or -1
    )
    render = responses_csv if action.verb == "csv" else responses_xlsx
    services = context.services
    data = await asyncio.to_thread(
        render, export, services.translator, context.lang, services.settings.tz
    )
    await context.bot.send_document(
        pressed_message(query).chat_id,
        InputFile(data, filename=f"survey-{export.report.campaign.id}.{action.verb}"),
    )
    await answer(context, query)


async def import_document(update: Update, context: BotContext) -> None:
    """A .yaml/.yml/.json file in private chat: a survey definition to import (managers)."""
    await _manager(context)
    document = document_of(update)
    if document.file_size and document.file_size > MAX_DOCUMENT:
        raise DomainError("survey.file_too_big", limit=MAX_DOCUMENT // 1024)
    file = await document.get_file()
    raw = bytes(await file.download_as_bytearray())
    try:
        imported = await context.services.surveys.import_text(actor_of(context).id, raw)
    except InvalidDefinition as invalid:  # every problem, in as many messages as it takes
        for part in refusal(context.services.translator, invalid, context.lang):
            await send(context, chat_of(update).id, html.escape(part, quote=False))
        return
    await reply(
        update,
        context,
        f"survey.imported_{imported.outcome}",
        survey=imported.stored.key,
        version=imported.stored.version,
        count=len(imported.stored.survey.questions),
    )


async def survey_tick(context: BotContext) -> None:
    """JobQueue: launch, remind and close campaigns as the database says (safe to run twice)."""
    if context.services.surveys is None:
        return
    done = await context.services.surveys.tick()
    if any(done.values()):
        log.info("surveys: %s", done)
