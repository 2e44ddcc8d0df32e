"""Gate passes (issue 15): residents' form, staff for a home, managers' guard list."""

from __future__ import annotations

from telegram.ext import MessageHandler, filters

from handlers.common.routes import MESSAGE, PRIVATE
from handlers.passes import form as pass_form
from handlers.passes import gate as pass_gate
from handlers.passes import guards as pass_guards

COMMANDS = [
    ("pass", pass_form.pass_command, PRIVATE),
    ("pass_for", pass_form.pass_for_command, PRIVATE),
    ("passes", pass_gate.passes_command, PRIVATE),
    ("guard_add", pass_guards.guard_add_command, MESSAGE),
    ("guard_remove", pass_guards.guard_remove_command, MESSAGE),
    ("guards", pass_guards.guards_command, PRIVATE),
]
CALLBACKS = [
    (pass_form.form_button, pass_form.PATTERN),
    (pass_gate.pass_button, pass_gate.PATTERN),
]


def inputs(app, translator, labels):
    """A pass form's answers; a guard's typed pass code."""
    code = MessageHandler(PRIVATE & filters.Regex(pass_gate.CODE), pass_gate.code_message)
    return [pass_form.input_handler(app, labels), code]
