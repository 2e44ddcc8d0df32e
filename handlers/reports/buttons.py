"""The report's keyboards: periods, the building choice, and the drill-downs under sections."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.reports.drills import WEAK_DRILL
from bot.domain.reports.model import STAFF_DRILL, Report
from bot.domain.reports.period import PRESETS, Period
from bot.presentation.reports.text import Section
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.reports.args import building_token, data, offered

MAX_BUILDINGS = 24  # building buttons offered after a period (three a row)


def _rows(buttons: list[InlineKeyboardButton], width: int = 2) -> InlineKeyboardMarkup | None:
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    return InlineKeyboardMarkup(rows) if rows else None


def presets(context: BotContext, building: str | None = None) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            context.t(f"report.preset_{name}"),
            callback_data=encode("rp", "p", name + building_token(building)),
        )
        for name in PRESETS
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:4], buttons[4:]])


def building_choice(
    context: BotContext, period: Period, buildings: list[str]
) -> InlineKeyboardMarkup | None:
    """'All buildings', then one button per building with tickets in the period."""
    every = InlineKeyboardButton(
        context.t("report.all_buildings"), callback_data=data("pb", period, None, None)
    )
    each = [
        InlineKeyboardButton(
            context.t("report.building_button", building=b),
            callback_data=data("pb", period, b, None),
        )
        for b in buildings[:MAX_BUILDINGS]
        if offered(b)
    ]
    rows = [[every], *[each[i : i + 3] for i in range(0, len(each), 3)]]
    return InlineKeyboardMarkup(rows)


def drills(
    context: BotContext, section: Section, period: Period, building: str | None
) -> InlineKeyboardMarkup | None:
    if section.name == "head":
        xlsx = InlineKeyboardButton(
            context.t("report.drill_xlsx"), callback_data=data("xlsx", period, building, 0)
        )
        return InlineKeyboardMarkup([[xlsx]])
    buttons = [
        InlineKeyboardButton(
            context.t(f"report.drill_{name}"), callback_data=data(name, period, building, 0)
        )
        for name in section.drills
    ]
    return _rows(buttons)


def people(context: BotContext, report: Report, period: Period) -> InlineKeyboardMarkup | None:
    """One button per staff member (the first ten): the tickets they resolved."""
    buttons = [
        InlineKeyboardButton(
            f"🔎 {p.name or p.staff_id}",
            callback_data=data(STAFF_DRILL, period, None, 0, p.staff_id),
        )
        for p in report.people[:10]
        if p.resolved
    ]
    return _rows(buttons)


def weak_areas(
    context: BotContext, report: Report, period: Period, building: str | None
) -> InlineKeyboardMarkup | None:
    """One button per weak mirror area: the tickets of its service area."""
    mirror = report.mirror
    if mirror is None:
        return None
    buttons = [
        InlineKeyboardButton(
            f"🔎 {row.labels.get(context.lang) or row.dimension}",  # button text: never HTML
            callback_data=data(WEAK_DRILL, period, building, 0, mirror.rows.index(row)),
        )
        for row in mirror.weakest
    ]
    return _rows(buttons, 1)
