"""Renovation permits (issue 15): commands and buttons (the typed input: register_input)."""

from __future__ import annotations

from handlers.common.routes import MESSAGE, PRIVATE
from handlers.permits import desk, form
from handlers.permits.views import FORM_PATTERN, PATTERN, SETTINGS_PATTERN

COMMANDS = [
    ("renovation", form.renovation_command, PRIVATE),
    ("permits", desk.permits_command, MESSAGE),
    ("permit_settings", desk.settings_command, PRIVATE),
]
CALLBACKS = [
    (form.form_button, FORM_PATTERN),
    (desk.permit_button, PATTERN),
    (desk.settings_button, SETTINGS_PATTERN),
]
