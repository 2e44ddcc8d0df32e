"""What /cancel drops: every form or question this person has open, in a fixed order,
and which ones there were (a business rule: the handler only renders the answer). People type
/cancel in every flow, so one command serves all of them instead of each flow claiming it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.model import User
from bot.services.registry import Services

# Each canceller drops one kind of open form for this person; True when there was one.
Canceller = Callable[[Services, User], Awaitable[bool]]


async def _gate_pass(services: Services, user: User) -> bool:
    return services.passes is not None and await services.passes.form.cancel(user)


async def _permit_form(services: Services, user: User) -> bool:
    return services.permits is not None and await services.permits.forms.cancel(user)


async def _permit_question(services: Services, user: User) -> bool:
    return services.permits is not None and await services.permits.inputs.drop(user)


async def _vote_wizard(services: Services, user: User) -> bool:
    return services.vote_wizard is not None and await services.vote_wizard.cancel(user.id)


async def _activity_form(services: Services, user: User) -> bool:
    if services.activities is None or services.activities.prompts.kind(user.id) != "create":
        return False
    await services.activities.creation.abandon(user)
    return True


async def _notice_draft(services: Services, user: User) -> bool:
    if not services.notices.awaits_input(user.id):
        return False
    await services.notices.cancel_draft(user.id)
    return True


async def _survey_wizard(services: Services, user: User) -> bool:
    if not await services.surveys.wizard.is_open(user.id):
        return False
    await services.surveys.wizard.cancel(user.id)
    return True


async def _document_draft(services: Services, user: User) -> bool:
    if services.documents is None or not services.documents.awaits_input(user.id):
        return False
    await services.documents.cancel(user)
    return True


CANCELLERS: tuple[tuple[str, Canceller], ...] = (
    ("cancel.gate_pass", _gate_pass),
    ("cancel.permit_form", _permit_form),
    ("cancel.permit_question", _permit_question),
    ("cancel.vote", _vote_wizard),
    ("cancel.activity", _activity_form),
    ("cancel.notice", _notice_draft),
    ("cancel.survey", _survey_wizard),
    ("cancel.document", _document_draft),
)


async def cancel_all(services: Services, user: User) -> list[str]:
    """Drop every open form of this person; the message keys of what was dropped."""
    dropped = []
    for key, canceller in CANCELLERS:
        try:
            if await canceller(services, user):
                dropped.append(key)
        except (PermissionDenied, DomainError):  # not theirs to have (a role changed): skip
            continue
    return dropped
