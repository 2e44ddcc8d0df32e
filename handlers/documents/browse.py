"""/documents: categories → newest first, paged → the file itself (by its file_id)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.documents.model import CATEGORIES, Document
from bot.domain.errors import DomainError
from bot.i18n import Translator
from bot.services.documents.service import PAGE, DocumentService
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, send
from handlers.documents.publish import category_keyboard

PATTERN = r"^dv:(cat|open|home):[0-9_]*$"
MAX_LABEL = 56


def _service(context: BotContext) -> DocumentService:
    if context.services.documents is None or context.actor is None:
        raise DomainError("error.unknown_command")
    return context.services.documents


def _label(document: Document, manager: bool) -> str:
    title = document.title[:MAX_LABEL]  # button text is plain: never HTML-escaped
    return f"{title} · 👁 {document.views}" if manager else title


def list_keyboard(
    t: Translator,
    lang: str,
    index: int,
    page: int,
    documents: list[Document],
    total: int,
    manager: bool,
) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(_label(d, manager), callback_data=encode("dv", "open", d.id))]
        for d in documents
    ]
    paging = []
    if page > 0:
        paging.append(
            InlineKeyboardButton(
                t.t(lang, "docs.prev"), callback_data=encode("dv", "cat", f"{index}_{page - 1}")
            )
        )
    if (page + 1) * PAGE < total:
        paging.append(
            InlineKeyboardButton(
                t.t(lang, "docs.next"), callback_data=encode("dv", "cat", f"{index}_{page + 1}")
            )
        )
    if paging:
        rows.append(paging)
    rows.append([InlineKeyboardButton(t.t(lang, "docs.back"), callback_data=encode("dv", "home"))])
    return InlineKeyboardMarkup(rows)


async def documents_command(update: Update, context: BotContext) -> None:
    """/documents: the categories."""
    _service(context)
    if not context.actor or not context.actor.is_registered:
        raise DomainError("error.not_registered")
    t = context.services.translator
    markup = category_keyboard(t, context.lang, "dv", "_0")
    chat = update.effective_chat
    assert chat is not None
    await send(context, chat.id, t.t(context.lang, "docs.browse"), markup)


async def browse_button(update: Update, context: BotContext) -> None:
    """A category page, a document (sent as its file), or back to the categories."""
    query, service, actor = update.callback_query, _service(context), context.actor
    assert query is not None and actor is not None
    action = require(query.data)
    if not actor.is_registered:
        raise DomainError("error.not_registered")
    t, lang = context.services.translator, context.lang
    if action.verb == "home":
        await answer(context, query)
        await edit_pressed(query, t.t(lang, "docs.browse"), category_keyboard(t, lang, "dv", "_0"))
    elif action.verb == "cat":
        index, page = action.ints(2) or (-1, -1)
        documents, total = await service.page(actor, index, page)
        category = t.t(lang, f"docs.cat_{CATEGORIES[index]}")
        key = "docs.list" if total else "docs.empty"
        markup = list_keyboard(t, lang, index, page, documents, total, actor.is_manager)
        await answer(context, query)
        await edit_pressed(query, t.t(lang, key, category=category, total=total), markup)
    else:
        document = await service.open(actor, action.int_arg() or -1)
        await answer(context, query)
        await send_document(context, query.from_user.id, document)


async def send_document(context: BotContext, chat_id: int, document: Document) -> None:
    t, lang, current = context.services.translator, context.lang, document.current
    caption = t.t(
        lang,
        "docs.caption",
        title=document.title,
        category=t.t(lang, f"docs.cat_{document.category}"),
        date=current.effective_on.isoformat(),
        version=current.version,
    )
    if current.file.kind == "photo":
        await context.bot.send_photo(chat_id, current.file.file_id, caption=caption)
    else:
        await context.bot.send_document(chat_id, current.file.file_id, caption=caption)
