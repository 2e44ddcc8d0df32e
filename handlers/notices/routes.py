"""Notices: the managers' /notice composer and its lists."""

from __future__ import annotations

from handlers.common.routes import PRIVATE
from handlers.notices import compose as notices
from handlers.notices import views as notice_views

COMMANDS = [
    ("notice", notices.notice_command, PRIVATE),
    ("notices_scheduled", notice_views.scheduled_command, PRIVATE),
    ("notice_stats", notice_views.stats_command, PRIVATE),
    ("notices", notice_views.list_command, PRIVATE),
]
CALLBACKS = [
    (notices.notice_button, r"^nt:(aud|bt|bd|ack|now|tmr|sch|edit|x):[a-z0-9_]*$"),
    (notice_views.notice_view_button, r"^nt:(ok|pv|pg|view|cs|rs|stop):[0-9]+$"),
]


def inputs(app, translator, labels):
    """A manager's typed notice (or its time) while /notice waits for it."""
    return [notices.input_handler(app, translator)]
