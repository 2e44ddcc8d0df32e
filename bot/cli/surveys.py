"""`propdesk survey …`: import, launch, list, close and results from scripts.

The command writes to (and reads) the database; a running bot picks a new campaign up on
its next schedule tick, within seconds.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.files import read_capped
from bot.config import Settings
from bot.domain.errors import DomainError
from bot.domain.surveys.campaigns import (
    DEFAULT_REMIND_EVERY,
    deadline_from,
    parse_audience,
    parse_duration,
    parse_when,
)
from bot.domain.surveys.files import MAX_FILE_BYTES
from bot.i18n import Translator
from bot.presentation.surveys.chart import render_chart
from bot.presentation.surveys.exports import responses_csv, responses_xlsx
from bot.presentation.surveys.forecast import forecast_text
from bot.presentation.surveys.labels import campaign_line
from bot.presentation.surveys.text import report_json, report_text

if TYPE_CHECKING:
    from bot.services.registry import Services
    from bot.services.surveys.service import Surveys

FORMATS = ("text", "json", "csv", "xlsx", "png")
_TAG = re.compile(r"<[^>]+>")


def add_parser(sub) -> None:
    survey = sub.add_parser("survey", help="satisfaction surveys")
    actions = survey.add_subparsers(dest="action", required=True)
    importer = actions.add_parser("import", help="import a YAML/JSON survey definition")
    importer.add_argument("file", type=Path)
    launch = actions.add_parser("launch", help="schedule a campaign")
    launch.add_argument("survey", help="survey id, e.g. satisfaction (the built-in one)")
    launch.add_argument(
        "--audience", default="all", help="all | buildings:3,5 | closed:30 (ticket closed ≤ N days)"
    )
    launch.add_argument("--at", default="now", help="now or local time: 2026-04-01 09:00")
    launch.add_argument("--every", help="monthly | quarterly | yearly | 5-field crontab")
    launch.add_argument("--deadline", help="duration after the start (14d, 72h) or a local time")
    launch.add_argument("--reminders", type=int, default=0, help="reminders to non-respondents")
    launch.add_argument("--remind-every", default="3d", help="spacing of reminders (3d, 36h)")
    launch.add_argument("--anonymous", action="store_true", help="no link from answers to people")
    actions.add_parser("list", help="survey definitions and campaigns")
    close = actions.add_parser("close", help="close a running campaign, cancel a scheduled one")
    close.add_argument("id", type=int)
    stop = actions.add_parser("stop", help="stop a recurring campaign (cancel its next round)")
    stop.add_argument("id", type=int)
    results = actions.add_parser("results", help="results of a campaign")
    results.add_argument("id", type=int)
    results.add_argument("--format", choices=FORMATS, default="text")
    results.add_argument(
        "--output",
        type=Path,
        help="file to write (csv/xlsx/png default survey-ID.EXT; text/json default stdout)",
    )
    results.add_argument("--lang", choices=("zh", "en"), help="language of labels")


def plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


async def run(args: argparse.Namespace, settings: Settings, text: Translator) -> int:
    from bot.bootstrap import open_services
    from bot.services.surveys.files import problem_lines
    from bot.services.surveys.service import InvalidDefinition

    async with open_services(settings) as services:
        try:
            return await _action(args, services, settings, text)
        except InvalidDefinition as invalid:  # the same list a manager gets in chat
            print("\n".join(problem_lines(text, invalid, None)), file=sys.stderr)
            return 1
        except DomainError as error:
            print(plain(text.t(None, error.key, **error.params)), file=sys.stderr)
            return 1


async def _action(args, services: Services, settings: Settings, text: Translator) -> int:
    if args.action == "launch":
        return await _launch(args, services, settings, text)
    simple = _ACTIONS.get(args.action)
    if simple is not None:
        await simple(args, services.surveys, text)
        return 0
    return await _results(args, services.surveys, settings, text)


async def _import(args, surveys: Surveys, text: Translator) -> None:
    imported = await surveys.import_text(None, read_capped(args.file, MAX_FILE_BYTES))
    stored = imported.stored
    line = text.t(
        None,
        f"survey.imported_{imported.outcome}",
        survey=stored.key,
        version=stored.version,
        count=len(stored.survey.questions),
    )
    print(plain(line))


async def _list(args, surveys: Surveys, text: Translator) -> None:
    for stored in await surveys.definitions(None):
        survey = stored.survey
        print(f"{stored.key} v{stored.version}: {survey.title.zh} / {survey.title.en}")
    campaigns = await surveys.campaigns(None, limit=100)
    for c in campaigns:
        line = campaign_line(text, None, c, surveys.local)
        extra = f"  audience={c.audience.as_text()}"
        extra += f" every='{c.every}'" if c.every else ""
        extra += f" reminders={c.reminders_sent}/{c.reminders}" + (
            " anonymous" if c.anonymous else ""
        )
        print(plain(line) + extra)
    if not campaigns:
        print(plain(text.t(None, "survey.cli_none")))


async def _stop(args, surveys: Surveys, text: Translator) -> None:
    cancelled = await surveys.stop_series(None, args.id)
    if cancelled is None:
        print(plain(text.t(None, "survey.manage_nothing_to_stop", id=args.id)))
    else:
        print(plain(text.t(None, "survey.cli_stopped", id=cancelled.id)))


async def _close(args, surveys: Surveys, text: Translator) -> None:
    campaign = await surveys.close(None, args.id)
    status = text.t(None, f"survey.status_{campaign.status.value}")
    print(plain(text.t(None, "survey.cli_closed", id=campaign.id, status=status)))


_ACTIONS: dict[str, Callable[[Any, Surveys, Translator], Awaitable[None]]] = {
    "import": _import,
    "list": _list,
    "stop": _stop,
    "close": _close,
}


async def _launch(args, services: Services, settings: Settings, text: Translator) -> int:
    surveys, now = services.surveys, services.clock.now()
    starts = parse_when(args.at, settings.tz, now)
    spacing = parse_duration(args.remind_every) if args.remind_every else DEFAULT_REMIND_EVERY
    if spacing is None:
        raise DomainError("survey.bad_reminders", max=5)
    audience = parse_audience(args.audience)
    deadline = deadline_from(args.deadline, max(starts, now), settings.tz, now)
    await surveys.definition(args.survey)
    forecast = await surveys.preview(audience, starts, deadline, args.every)
    print(plain(forecast_text(text, None, forecast, surveys.local)))  # before any refusal
    campaign = await surveys.launch(
        None,
        args.survey,
        audience,
        starts,
        deadline,
        every=args.every,
        reminders=args.reminders,
        remind_every=spacing if spacing >= timedelta(hours=1) else timedelta(0),
        anonymous=args.anonymous,
    )
    print(
        plain(
            text.t(
                None,
                "survey.cli_launched",
                id=campaign.id,
                survey=campaign.survey_key,
                version=campaign.version,
                starts=surveys.local(campaign.starts_at),
                deadline=surveys.local(campaign.deadline_at),
            )
        )
    )
    return 0


async def _results(args, surveys, settings: Settings, text: Translator) -> int:
    lang, tz = args.lang or text.default, settings.tz
    if args.format in ("csv", "xlsx"):
        export = await surveys.reports.responses(None, args.id)
        render = responses_csv if args.format == "csv" else responses_xlsx
        return _write(args, render(export, text, lang, tz), text)
    report = await surveys.reports.report(None, args.id)
    if args.format in ("text", "json"):
        if args.format == "text":
            body = "\n\n".join(plain(part) for part in report_text(report, text, lang, tz))
        else:
            body = json.dumps(report_json(report), ensure_ascii=False, indent=2)
        if args.output is None:
            print(body)
            return 0
        return _write(args, (body + "\n").encode("utf-8"), text)
    return _write(args, render_chart(report, lang, text), text)


def _write(args, data: bytes, text: Translator) -> int:
    path = args.output or Path(f"survey-{args.id}.{args.format}")
    path.write_bytes(data)
    print(plain(text.t(None, "survey.cli_written", path=str(path))))
    return 0
