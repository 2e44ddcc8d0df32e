"""Tickets: residents' requests, the staff board, emergencies, incidents, relays."""

from __future__ import annotations

from handlers.common.routes import MESSAGE, PRIVATE
from handlers.tickets import conversation, emergency, incident_views, intake, relay_status
from handlers.tickets import resident as resident_tickets
from handlers.tickets import staff as staff_tickets

COMMANDS = [
    ("mine", resident_tickets.my_requests, PRIVATE),
    ("tickets", staff_tickets.tickets_command, MESSAGE),
    ("ticket", staff_tickets.ticket_command, MESSAGE),
]
CALLBACKS = [
    (intake.draft_button, r"^(d:(ok|kind|cat|urg|x)|dk:[0-9]+|dc:[0-9]+):[0-9]+(_[0-9]+)?$"),
    (conversation.conversation_button, conversation.PATTERN),
    (resident_tickets.ticket_button, r"^t:(view|cancel|cx|keep|add|ok|nf|r[1-5]|skip):[0-9]+$"),
    (staff_tickets.card_button, r"^s:(take|reply|res|hand|to):[0-9_]+$"),
    (relay_status.send_now_button, relay_status.PATTERN),
    (emergency.danger_button, r"^u:(yes|no):[0-9]+$"),
    (emergency.calm_button, r"^u:calm:[0-9]+$"),
    (emergency.phone_button, r"^u:tel:[0-9]+$"),
    (incident_views.incident_button, incident_views.PATTERN),
]
