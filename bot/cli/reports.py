"""`propdesk report --from DATE --to DATE [--building 3] --format text|json|csv|xlsx|png`.

Reads the database only; text goes to stdout, the other formats to --output (or stdout as
bytes). The command line is the office's own machine: no role check, like `propdesk backup`.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.domain.errors import DomainError
from bot.domain.reports.period import Period
from bot.i18n import Translator

FORMATS = ("text", "json", "csv", "xlsx", "png")


def add_parser(sub) -> None:
    report = sub.add_parser("report", help="service report for a period (local dates)")
    report.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    report.add_argument("--to", dest="last", required=True, help="last day (inclusive)")
    report.add_argument("--building", help="only this building")
    report.add_argument("--format", choices=FORMATS, default="text")
    report.add_argument("--lang", choices=("zh", "en"), help="language of text and charts")
    report.add_argument("--output", type=Path, help="write to this file instead of stdout")


async def run(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    from bot.bootstrap import open_services

    lang = args.lang or settings.default_language
    async with open_services(settings) as services:
        try:
            period = Period(date.fromisoformat(args.first), date.fromisoformat(args.last))
        except ValueError:
            print(f"propdesk: {t.t(lang, 'cli.report_missing')}", file=sys.stderr)
            return 2
        except DomainError as error:
            print(f"propdesk: {_plain(t.t(lang, error.key, **error.params))}", file=sys.stderr)
            return 2
        reports = services.reports
        assert reports is not None  # always wired on SQLite
        report = await reports.compute(period, args.building)
        data = await _render(args.format, report, reports, t, lang)
    if args.output:
        args.output.write_bytes(data)
    elif args.format in ("text", "json", "csv"):
        sys.stdout.write(data.decode("utf-8-sig"))
    else:
        sys.stdout.buffer.write(data)
    return 0


async def _render(fmt: str, report, reports, t: Translator, lang: str) -> bytes:
    from bot.presentation.reports import exports

    if fmt == "json":
        return exports.json_bytes(report)
    if fmt == "csv":
        return exports.csv_bytes(report)
    if fmt == "xlsx":
        lines = await reports.export_lines(report.period, report.building)
        return await asyncio.to_thread(exports.xlsx_bytes, report, lines)
    if fmt == "png":
        from bot.presentation.reports.charts import render_charts

        return await asyncio.to_thread(render_charts, report, lang, t) or b""
    from bot.presentation.reports.text import sections

    parts = [_plain(section.text) for section in sections(report, t, lang)]
    return ("\n\n".join(parts) + "\n").encode()


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
