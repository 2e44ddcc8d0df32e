"""Field operations (issue 15): staff and managers, in private chat or the staff group."""

from __future__ import annotations

from telegram.ext import filters

from handlers.common.routes import MESSAGE, PRIVATE
from handlers.operations import deep_links, equipment, rounds

# QR codes (issues 14, 15): a checkpoint /start cp_<id>_<token>, an item /start eq_<code>, an
# activity's door check-in /start ac_<id>_<token>, a gate pass /start gp_<id>_<token> — before
# the onboarding /start that treats any other payload as an invite code.
FIELD_START = PRIVATE & filters.Regex(r"^/start(@\w+)? (cp|eq|ac|gp)_")
COMMANDS = [
    ("start", deep_links.start_command, FIELD_START),
    ("equipment", equipment.equipment_command, MESSAGE),
    ("maintenance", equipment.maintenance_command, MESSAGE),
    ("link_equipment", equipment.link_command, MESSAGE),
    ("rounds", rounds.rounds_command, PRIVATE),
    ("rounds_report", rounds.report_command, PRIVATE),
    ("rounds_qr", rounds.qr_command, PRIVATE),
]
CALLBACKS = [
    (rounds.round_button, rounds.PATTERN),
    (equipment.item_button, equipment.PATTERN),
]
