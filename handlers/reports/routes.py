"""Managers' reports and digests."""

from __future__ import annotations

from handlers.common.routes import PRIVATE
from handlers.reports import commands as reports
from handlers.reports import digests

COMMANDS = [
    ("report", reports.report_command, PRIVATE),
    ("digests", digests.digests_command, PRIVATE),
]
CALLBACKS = [
    (reports.report_button, reports.PATTERN),
    (digests.digest_button, digests.PATTERN),
]
