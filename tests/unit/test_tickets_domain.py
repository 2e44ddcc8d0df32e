"""The ticket state machine and overdue rule, on plain domain objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import DomainError
from bot.domain.tickets.model import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    Action,
    Category,
    Kind,
    Status,
    Ticket,
    next_status,
)

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)

# The lifecycle as the issue states it, written out independently of TRANSITIONS.
EXPECTED = {
    Action.TAKE: ({Status.NEW}, Status.TAKEN),
    Action.HAND_OVER: ({Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED}, None),
    Action.PROGRESS: ({Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED}, Status.IN_PROGRESS),
    Action.STAFF_REPLY: (
        {Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED, Status.RESOLVED},
        None,
    ),
    Action.RESIDENT_REPLY: (
        {Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED, Status.RESOLVED},
        None,
    ),
    Action.RESOLVE: ({Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED}, Status.RESOLVED),
    Action.CONFIRM: ({Status.RESOLVED}, Status.CLOSED),
    Action.REOPEN: ({Status.RESOLVED}, Status.REOPENED),
    Action.CANCEL: ({Status.NEW}, Status.CANCELLED),
    Action.AUTO_CLOSE: ({Status.RESOLVED}, Status.CLOSED),
    Action.RECLASSIFY: ({Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED}, None),
    # A revoked owner's ticket back in the pool (a manager's choice after /revoke).
    Action.RETURN: ({Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED}, Status.NEW),
}
LEGAL = [
    (action, status) for action, (sources, _) in EXPECTED.items() for status in sorted(sources)
]
ILLEGAL = [
    (action, status)
    for action, (sources, _) in EXPECTED.items()
    for status in Status
    if status not in sources
]


def make_ticket(**changes) -> Ticket:
    fields = dict(
        id=1,
        resident_id=10,
        home_id=1,
        kind=Kind.REPAIR,
        category=Category.ELEVATOR,
        urgent=False,
        description="电梯坏了",
        status=Status.NEW,
        owner_id=None,
        created_at=T0,
        respond_by=T0 + timedelta(minutes=30),
        resolve_by=T0 + timedelta(hours=24),
    )
    fields.update(changes)
    return Ticket(**fields)


def test_the_table_is_the_lifecycle_the_issue_describes():
    assert {a: (set(s), t) for a, (s, t) in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("action", "status"), LEGAL, ids=lambda v: str(v))
def test_every_legal_transition_lands_where_it_should(action, status):
    target = EXPECTED[action][1]
    assert next_status(status, action) is (target or status)


@pytest.mark.parametrize(("action", "status"), ILLEGAL, ids=lambda v: str(v))
def test_every_illegal_transition_is_refused_with_its_names(action, status):
    with pytest.raises(DomainError) as refused:
        next_status(status, action)
    assert refused.value.key == "ticket.illegal"
    assert refused.value.params == {"status": status.value, "action": action.value}


@pytest.mark.parametrize("terminal", [Status.CLOSED, Status.CANCELLED])
def test_closed_and_cancelled_are_terminal(terminal):
    for action in TRANSITIONS:
        with pytest.raises(DomainError):
            next_status(terminal, action)


def test_the_whole_loop_with_a_reopen():
    status = Status.NEW
    for action, expected in [
        (Action.TAKE, Status.TAKEN),
        (Action.PROGRESS, Status.IN_PROGRESS),
        (Action.HAND_OVER, Status.IN_PROGRESS),
        (Action.RESOLVE, Status.RESOLVED),
        (Action.RESIDENT_REPLY, Status.RESOLVED),
        (Action.REOPEN, Status.REOPENED),
        (Action.RESOLVE, Status.RESOLVED),
        (Action.CONFIRM, Status.CLOSED),
    ]:
        status = next_status(status, action)
        assert status is expected, action


def test_a_ticket_cannot_be_resolved_twice_or_taken_twice():
    with pytest.raises(DomainError):
        next_status(Status.RESOLVED, Action.RESOLVE)
    with pytest.raises(DomainError):
        next_status(Status.TAKEN, Action.TAKE)


def test_open_and_active_statuses():
    assert set(OPEN_STATUSES) == {Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED}
    assert set(ACTIVE_STATUSES) == set(OPEN_STATUSES) | {Status.RESOLVED}
    assert make_ticket().is_open
    assert not make_ticket(status=Status.RESOLVED).is_open
    assert not make_ticket(status=Status.CLOSED).is_open


class TestOverdue:
    def test_nobody_answered_past_the_response_deadline(self):
        ticket = make_ticket()
        assert not ticket.overdue(ticket.respond_by)  # at the instant: not yet
        assert ticket.overdue(ticket.respond_by + timedelta(seconds=1))

    def test_an_answered_ticket_is_overdue_only_after_the_resolution_deadline(self):
        ticket = make_ticket(status=Status.TAKEN, owner_id=5, responded_at=T0)
        assert not ticket.overdue(ticket.respond_by + timedelta(hours=1))
        assert not ticket.overdue(ticket.resolve_by)
        assert ticket.overdue(ticket.resolve_by + timedelta(seconds=1))

    def test_a_reopened_ticket_past_its_deadline_is_overdue(self):
        ticket = make_ticket(status=Status.REOPENED, owner_id=5, responded_at=T0)
        assert ticket.overdue(ticket.resolve_by + timedelta(minutes=1))

    @pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED, Status.CANCELLED])
    def test_finished_or_waiting_tickets_are_never_overdue(self, status):
        ticket = make_ticket(status=status)
        assert not ticket.overdue(ticket.resolve_by + timedelta(days=30))
