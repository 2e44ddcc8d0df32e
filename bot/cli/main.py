"""`propdesk` command line: run, migrate, backup, residents import, demo, classify, survey,
notice, report."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from dotenv import load_dotenv

from bot.cli.faq import add_parser as add_faq_parser
from bot.cli.notices import add_parser as add_notice_parser
from bot.cli.operations import add_parser as add_operations_parser
from bot.cli.reports import add_parser as add_report_parser
from bot.cli.surveys import add_parser as add_survey_parser
from bot.config import ConfigError, Settings, load_settings
from bot.i18n import Translator
from bot.logs import configure_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="propdesk", description="Property-office resident service bot"
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser(
        "run", help="run the bot (durable long polling); the demo if no token is set"
    )
    run.add_argument(
        "--webhook", metavar="URL", help="receive updates at URL/telegram instead of polling"
    )
    run.add_argument("--listen", default="0.0.0.0", help="webhook listen address (default 0.0.0.0)")
    run.add_argument("--port", type=int, default=8080, help="webhook port (default 8080)")
    sub.add_parser("migrate", help="apply database migrations")
    backup = sub.add_parser("backup", help="online, consistent copy of the database")
    backup.add_argument("path", type=Path)
    residents = sub.add_parser("residents", help="the owner roster")
    residents_sub = residents.add_subparsers(dest="action", required=True)
    importer = residents_sub.add_parser("import", help="import building,unit,room,name,phone CSV")
    importer.add_argument("file", type=Path)
    mode = importer.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    mode.add_argument(
        "--apply", action="store_true", help="apply even if it detaches people from homes"
    )
    mode.add_argument(
        "--hold", action="store_true", help="apply, but hold changed homes' people for review"
    )
    demo = sub.add_parser("demo", help="offline demo against a local fake Bot API")
    demo.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    sub.add_parser("classify", help="classify one message per stdin line, print JSON lines")
    add_notice_parser(sub)
    add_survey_parser(sub)
    add_operations_parser(sub)
    add_faq_parser(sub)
    add_report_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    load_dotenv(override=False)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"propdesk: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, (settings.token or "",))
    text = Translator(settings.default_language)
    command = args.command or "run"
    if command == "run" and not settings.token:
        print(text.t(None, "cli.no_token"), file=sys.stderr)
        command = "demo"
        args.lang = "both"
    if command == "run":
        return _run_bot(args, settings)
    if command == "demo":
        from bot.demo.morning import run_demo

        return asyncio.run(run_demo(settings, args.lang))
    if command == "classify":
        from bot.classifier.cli import run as classify

        return classify(sys.stdin, sys.stdout)
    if command == "survey":
        from bot.cli.surveys import run as survey

        return asyncio.run(survey(args, settings, text))
    if command in ("equipment", "rounds"):
        from bot.cli.operations import run as operations

        return asyncio.run(operations(args, settings, text))
    if command == "faq":
        from bot.cli.faq import run as faq

        return asyncio.run(faq(args, settings, text))
    if command == "report":
        from bot.cli.reports import run as report

        return asyncio.run(report(args, settings, text))
    if command == "notice":
        from bot.cli.notices import run as notice

        return asyncio.run(notice(args, settings, text))
    return asyncio.run(_database_command(command, args, settings, text))


def _run_bot(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot: long polling, or a webhook when one is given."""
    from bot.runner import Webhook, run

    hook = None
    if getattr(args, "webhook", None):
        hook = Webhook(args.webhook, args.listen, args.port, settings.webhook_secret)
    run(settings, hook)
    return 0


async def _database_command(
    command: str, args: argparse.Namespace, settings: Settings, text: Translator
) -> int:
    from bot.bootstrap import open_services

    async with open_services(settings) as services:  # the database is migrated on opening
        if command == "migrate":
            version = await services.maintenance.schema_version()
            print(text.t(None, "cli.migrated", version=version))
            return 0
        if command == "backup":
            await services.maintenance.backup(args.path)
            print(text.t(None, "cli.backup_done", path=str(args.path)))
            return 0
        from bot.cli.roster import run_import

        return await run_import(services, args, text)
