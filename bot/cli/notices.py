"""`propdesk notice send|status`: record a notice (and its recipients) or read its delivery.

The command only writes and reads the database; the running bot delivers (its notices job
looks every second), so there is always one sender and one rate limit."""

from __future__ import annotations

import argparse
import html
import re
import sys

from bot.config import Settings
from bot.domain.errors import DomainError
from bot.domain.notices.model import BuildingStats, Notice, parse_audience, parse_local_time
from bot.i18n import Raw, Translator


def add_parser(sub) -> None:
    notice = sub.add_parser("notice", help="notices (公告): send or check one")
    actions = notice.add_subparsers(dest="action", required=True)
    send = actions.add_parser("send", help="record a notice; the running bot sends it")
    send.add_argument("--text", required=True, help="the notice; '-' reads it from stdin")
    send.add_argument("--audience", default="all", help="all (default), staff, or building:3,5")
    send.add_argument("--at", help='local time in the estate time zone, e.g. "2026-12-01 09:00"')
    send.add_argument("--ack", action="store_true", help="ask recipients to confirm with 已读")
    status = actions.add_parser("status", help="delivery and acknowledgements of one notice")
    status.add_argument("id", type=int)


def _audience(t: Translator, notice: Notice) -> Raw:
    if notice.audience.value == "buildings":
        return Raw(t.t(None, "notice.audience_buildings", buildings="、".join(notice.buildings)))
    return Raw(t.t(None, f"notice.audience_{notice.audience.value}"))


def _say(text: str, file=None) -> None:
    """Catalog text is HTML for Telegram; a terminal wants it plain."""
    print(html.unescape(re.sub(r"<[^>]+>", "", text)), file=file or sys.stdout)


def _local(settings: Settings, notice: Notice) -> str:
    return notice.scheduled_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")


async def run(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    from bot.app import build_services
    from storage.db import Database
    from storage.migrate import migrate

    db = Database(settings.database_path)
    await db.connect()
    try:
        await migrate(db)
        services = build_services(settings, db, notifier=None)
        if args.action == "send":
            return await _send(args, settings, services, t)
        return await _status(args.id, settings, services, t)
    except DomainError as error:
        _say(f"propdesk: {t.t(None, error.key, **error.params)}", sys.stderr)
        return 2
    finally:
        await db.close()


async def _send(args, settings: Settings, services, t: Translator) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    audience, buildings = parse_audience(args.audience)
    notices = services.notices
    at = parse_local_time(args.at, services.deps.clock.now(), settings.tz) if args.at else None
    notice = await notices.record(None, text, audience, buildings, require_ack=args.ack, at=at)
    label = _audience(t, notice)
    if at is not None:
        _say(
            t.t(
                None,
                "notice.cli_scheduled",
                id=notice.id,
                at=_local(settings, notice),
                audience=label,
            )
        )
        return 0
    # Recipients are written now, in one transaction; the bot only has to send them.
    released = {n.id: n for n in await notices.release_due()}
    count = released[notice.id].total if notice.id in released else 0
    _say(t.t(None, "notice.cli_recorded", id=notice.id, audience=label, count=count))
    return 0


async def _status(notice_id: int, settings: Settings, services, t: Translator) -> int:
    notice = await services.notices.get(notice_id)
    progress = await services.notices.progress(notice_id)
    _say(
        t.t(
            None,
            "notice.cli_status",
            id=notice.id,
            status=t.t(None, f"notice.status_{notice.status.value}"),
            at=_local(settings, notice),
            audience=_audience(t, notice),
            total=progress.total,
            sent=progress.sent,
            failed=progress.failed,
            unreachable=progress.unreachable,
            pending=progress.pending,
        )
    )
    for row in await services.deps.notices.stats(notice_id):
        _say("  " + _row(t, row, notice.require_ack))
    return 0


def _row(t: Translator, row: BuildingStats, require_ack: bool) -> str:
    acks = (
        t.t(None, "notice.stats_acks", acked=row.acknowledged, unacked=row.not_acknowledged)
        if require_ack
        else ""
    )
    problems = t.t(
        None,
        "notice.stats_problems",
        unreachable=row.unreachable,
        failed=row.failed,
        pending=row.pending,
    )
    building = (
        t.t(None, "notice.stats_building", building=row.building)
        if row.building
        else t.t(None, "notice.stats_no_home")
    )
    text = t.t(
        None,
        "notice.stats_row",
        building=Raw(building),
        delivered=row.delivered,
        recipients=row.recipients,
        acks=Raw(acks),
        problems=Raw(problems),
    )
    return text
