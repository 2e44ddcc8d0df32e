"""`propdesk equipment import|export FILE` and `propdesk rounds import FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.files import read_capped
from bot.config import Settings
from bot.domain.errors import DomainError
from bot.domain.operations.equipment import MAX_FILE_BYTES
from bot.domain.operations.rounds_file import RoundsFileErrors
from bot.i18n import Translator

if TYPE_CHECKING:
    from bot.services.registry import Operations


def add_parser(sub: Any) -> None:
    equipment = sub.add_parser("equipment", help="the equipment ledger (CSV or XLSX)")
    actions = equipment.add_subparsers(dest="action", required=True)
    for name, text in (("import", "import a ledger file"), ("export", "write the ledger")):
        action = actions.add_parser(name, help=text)
        action.add_argument("file", type=Path)
    rounds = sub.add_parser("rounds", help="inspection rounds")
    round_actions = rounds.add_subparsers(dest="action", required=True)
    importer = round_actions.add_parser("import", help="import checkpoints/routes/plans (YAML)")
    importer.add_argument("file", type=Path)


async def run(args: argparse.Namespace, settings: Settings, text: Translator) -> int:
    from bot.bootstrap import open_services

    try:
        async with open_services(settings) as services:
            assert services.operations is not None
            if args.command == "rounds":
                return await _rounds(services.operations, args.file, text)
            return await _equipment(services.operations, args, text)
    except DomainError as error:
        print(text.t(None, error.key, **error.params), file=sys.stderr)
        return 1


async def _equipment(ops: Operations, args: argparse.Namespace, text: Translator) -> int:
    if args.action == "export":
        args.file.write_bytes(await ops.equipment.export_file(args.file.name))
        print(text.t(None, "equipment.exported", count=await ops.equipment.count()))
        return 0
    report = await ops.equipment.import_file(
        None, read_capped(args.file, MAX_FILE_BYTES), args.file.name
    )
    for error in report.errors:
        reason = text.t(None, error.key)
        line = text.t(None, "equipment.line", line=error.line, column=error.column, reason=reason)
        print(line, file=sys.stderr)
    if report.errors:
        print(text.t(None, "equipment.import_refused", count=len(report.errors)), file=sys.stderr)
        return 1
    print(text.t(None, "equipment.imported", added=report.added, updated=report.updated))
    return 0


async def _rounds(ops: Operations, path: Path, text: Translator) -> int:
    try:
        summary = await ops.rounds.import_file(None, read_capped(path, MAX_FILE_BYTES))
    except RoundsFileErrors as invalid:
        for problem in invalid.problems:
            reason = text.t(None, problem.key)
            where = problem.line or "-"
            print(
                text.t(None, "rounds.file_line", line=where, field=problem.field, reason=reason),
                file=sys.stderr,
            )
        return 1
    print(text.t(None, "rounds.imported", **summary.__dict__))
    return 0
