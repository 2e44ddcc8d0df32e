"""Answers before tickets (issue 14): the managers' commands and the suggestions' buttons."""

from __future__ import annotations

from handlers.common.routes import PRIVATE
from handlers.faq import admin as faq_admin
from handlers.faq import suggest as faq_suggest

COMMANDS = [
    ("faq", faq_admin.faq_command, PRIVATE),
    ("faq_stats", faq_admin.faq_stats_command, PRIVATE),
]
CALLBACKS = [
    (faq_suggest.faq_button, faq_suggest.PATTERN),
]
