"""/publish_doc: category → title → file → effective date → also a notice? → confirm."""

from __future__ import annotations

import mimetypes

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.domain.documents.model import CATEGORIES, DocFile, PublishDraft, Step
from bot.domain.errors import DomainError
from bot.i18n import Translator
from bot.services.documents.service import DocumentService
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, send
from handlers.notices.compose import NoticeInputHandler

PATTERN = r"^dp:(cat|ntc|ok|x):[0-9]*$"


def _service(context: BotContext) -> DocumentService:
    if context.services.documents is None or context.actor is None:
        raise DomainError("error.unknown_command")
    return context.services.documents


def category_keyboard(
    t: Translator, lang: str, prefix: str, suffix: str = ""
) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            t.t(lang, f"docs.cat_{c}"), callback_data=encode(prefix, "cat", f"{i}{suffix}")
        )
        for i, c in enumerate(CATEGORIES)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def step_view(
    t: Translator, lang: str, draft: PublishDraft
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What the manager sees for the step the draft is at."""
    category = t.t(lang, f"docs.cat_{draft.category}") if draft.category else ""
    if draft.step is Step.CATEGORY:
        return t.t(lang, "docs.pick_category"), category_keyboard(t, lang, "dp")
    if draft.step is Step.TITLE:
        return t.t(lang, "docs.ask_title", category=category), None
    if draft.step is Step.FILE:
        return t.t(lang, "docs.ask_file", title=draft.title), None
    name = draft.file.file_name if draft.file else ""
    if draft.step is Step.DATE:
        return t.t(lang, "docs.ask_date", name=name), None
    date = draft.effective_on.isoformat() if draft.effective_on else ""
    if draft.step is Step.NOTICE:
        buttons = [
            InlineKeyboardButton(
                t.t(lang, "docs.notice_yes"), callback_data=encode("dp", "ntc", 1)
            ),
            InlineKeyboardButton(t.t(lang, "docs.notice_no"), callback_data=encode("dp", "ntc", 0)),
        ]
        return t.t(lang, "docs.ask_notice", date=date), InlineKeyboardMarkup([buttons])
    text = t.t(
        lang,
        "docs.confirm",
        category=category,
        title=draft.title,
        name=name,
        date=date,
        notice=t.t(lang, "docs.yes" if draft.notice else "docs.no"),
    )
    buttons = [
        InlineKeyboardButton(t.t(lang, "docs.publish_button"), callback_data=encode("dp", "ok")),
        InlineKeyboardButton(t.t(lang, "docs.cancel_button"), callback_data=encode("dp", "x")),
    ]
    return text, InlineKeyboardMarkup([buttons])


async def publish_command(update: Update, context: BotContext) -> None:
    """/publish_doc (managers): start the guided flow."""
    draft = await _service(context).start(context.actor)  # type: ignore[arg-type]
    text, markup = step_view(context.services.translator, context.lang, draft)
    await send(context, draft.user_id, text, markup)


async def publish_button(update: Update, context: BotContext) -> None:
    """Category, notice yes/no, publish, cancel."""
    query, service, actor = update.callback_query, _service(context), context.actor
    assert query is not None and actor is not None
    action = require(query.data)
    t, lang = context.services.translator, context.lang
    if action.verb == "x":
        await service.cancel(actor)
        await answer(context, query)
        await edit_pressed(query, t.t(lang, "docs.cancelled"))
        return
    if action.verb == "ok":
        published = await service.publish(actor)
        await answer(context, query)
        document = published.document
        text = t.t(
            lang,
            "docs.published",
            title=document.title,
            category=t.t(lang, f"docs.cat_{document.category}"),
            version=document.current.version,
        )
        if published.notice_id is not None:
            text += t.t(lang, "docs.published_notice", id=published.notice_id)
        await edit_pressed(query, text)
        return
    index = action.int_arg()
    if action.verb == "cat":
        draft = await service.choose_category(actor, index if index is not None else -1)
    else:
        draft = await service.choose_notice(actor, index == 1)
    await answer(context, query)
    await edit_pressed(query, *step_view(t, lang, draft))


def _file_of(message: Message) -> DocFile | None:
    if message.photo:
        photo = message.photo[-1]
        return DocFile(photo.file_id, "photo.jpg", "image/jpeg", photo.file_size or 0, "photo")
    document = message.document
    if document is None:
        return None
    name = (document.file_name or "document")[:200]
    mime = document.mime_type or mimetypes.guess_type(name)[0] or ""
    return DocFile(document.file_id, name, mime, document.file_size or 0, "document")


async def publish_input(update: Update, context: BotContext) -> None:
    """A manager's typed title or date, or the file, while /publish_doc waits for it."""
    message, service, actor = update.effective_message, _service(context), context.actor
    assert message is not None and actor is not None
    file = _file_of(message)
    if file is not None:
        draft = await service.file(actor, file)
    else:
        draft = await service.typed(actor, message.text or "")
    text, markup = step_view(context.services.translator, context.lang, draft)
    await send(context, message.chat_id, text, markup)


def input_handler(app, labels: set[str]) -> NoticeInputHandler:
    def awaiting(user_id: int) -> bool:
        documents = app.bot_data["services"].documents
        return documents is not None and documents.awaits_input(user_id)

    return NoticeInputHandler(publish_input, awaiting, labels)
