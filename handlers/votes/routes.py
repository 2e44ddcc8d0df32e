"""Consultations and votes (issue 14)."""

from __future__ import annotations

from handlers.common.routes import PRIVATE
from handlers.votes import ballot as vote_ballot
from handlers.votes import manage as vote_manage

COMMANDS = [
    ("vote_new", vote_manage.vote_new_command, PRIVATE),
    ("votes", vote_manage.votes_command, PRIVATE),
]
CALLBACKS = [
    (vote_ballot.ballot_button, vote_ballot.PATTERN),
    (vote_manage.wizard_button, vote_manage.WIZARD_PATTERN),
    (vote_manage.manage_button, vote_manage.MANAGE_PATTERN),
]
