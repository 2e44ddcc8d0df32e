"""Community activities (issue 14)."""

from __future__ import annotations

from handlers.activities import manage as activities
from handlers.activities.views import PATTERN
from handlers.common.routes import PRIVATE

COMMANDS = [
    ("activities", activities.activities_command, PRIVATE),
    ("activity_new", activities.new_command, PRIVATE),
]
CALLBACKS = [
    (activities.activity_button, PATTERN),
]


def inputs(app, translator, labels):
    """The creation form, a head count, a rating."""
    return [activities.ActivityInputHandler(app, labels)]
