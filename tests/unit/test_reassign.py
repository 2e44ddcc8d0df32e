"""Revoking a staff member who owns open tickets: the manager hands them on or returns them
to the pool (issue 10 C). The real services on in-memory fakes."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.model import Role
from bot.domain.tickets.model import Action, Status
from tests.unit.test_ticket_services import MANAGER, RESIDENT, STAFF, STAFF2, desk  # noqa: F401


async def _revoked_with_tickets(desk):  # noqa: F811
    """STAFF owns two open tickets (one in progress), one resolved; STAFF2 owns one."""
    svc = desk.svc
    first = await desk.taken("电梯坏了")
    second = await desk.taken("漏水了")
    await svc.tickets.staff_message(second.id, STAFF, "马上到")
    resolved = await desk.resolved("楼道噪音")
    other = await desk.taken("物业费怎么交", staff=STAFF2)
    await svc.people.revoke(MANAGER, await desk.user(STAFF))
    return first, second, resolved, other


async def test_revoked_owner_leaves_orphans_that_only_a_manager_sees(desk):  # noqa: F811
    first, second, resolved, _ = await _revoked_with_tickets(desk)
    orphans = await desk.svc.reassign.orphaned(MANAGER, STAFF)
    assert [t.id for t in orphans] == [first.id, second.id]  # not the resolved one
    assert await desk.svc.reassign.orphaned(MANAGER, STAFF2) == []  # still staff: not orphans
    with pytest.raises(PermissionDenied):
        await desk.svc.reassign.orphaned(STAFF2, STAFF)


async def test_returning_to_the_pool_makes_them_new_again_with_an_audit_trail(desk):  # noqa: F811
    first, second, resolved, other = await _revoked_with_tickets(desk)
    desk.d.board.published.clear()
    ids = await desk.svc.reassign.return_to_pool(MANAGER, STAFF)
    assert ids == [first.id, second.id]
    for ticket_id in ids:
        ticket = await desk.ticket(ticket_id)
        assert (ticket.status, ticket.owner_id) == (Status.NEW, None)
        events = await desk.d.tickets.events(ticket_id)
        assert (events[-1].action, events[-1].actor_id) == (Action.RETURN, MANAGER)
    assert set(desk.d.board.published) == set(ids)  # the cards show 🙋 Take again
    (event,) = desk.d.events.of_kind("tickets.returned_to_pool")
    assert event.actor_id == MANAGER and event.data == {"tickets": ids}
    assert (await desk.ticket(resolved.id)).status is Status.RESOLVED
    assert (await desk.ticket(other.id)).owner_id == STAFF2
    # A second press finds nothing left; anyone may now take them (首问负责 again).
    assert await desk.svc.reassign.return_to_pool(MANAGER, STAFF) == []
    assert (await desk.svc.tickets.take(first.id, STAFF2)).changed


async def test_handing_all_to_a_colleague_tells_them_and_the_residents(desk):  # noqa: F811
    first, second, _, _ = await _revoked_with_tickets(desk)
    ids = await desk.svc.reassign.hand_all(MANAGER, STAFF, STAFF2)
    assert ids == [first.id, second.id]
    assert [(await desk.ticket(i)).owner_id for i in ids] == [STAFF2, STAFF2]
    assert (await desk.ticket(second.id)).status is Status.IN_PROGRESS
    assert desk.keys(STAFF2).count("ticket.handed_to_you") == 2
    assert "ticket.handed_resident" in desk.keys(RESIDENT)
    assert desk.d.events.of_kind("tickets.reassigned")[0].data == {"tickets": ids, "to": STAFF2}


async def test_refusals(desk):  # noqa: F811
    await _revoked_with_tickets(desk)
    with pytest.raises(PermissionDenied):
        await desk.svc.reassign.return_to_pool(STAFF2, STAFF)
    with pytest.raises(DomainError):  # the target must be staff
        await desk.svc.reassign.hand_all(MANAGER, STAFF, RESIDENT)
    with pytest.raises(DomainError) as still:  # a member who is staff acts on their own
        await desk.svc.reassign.return_to_pool(MANAGER, STAFF2)
    assert still.value.key == "reassign.still_staff"
    await desk.svc.people.grant(MANAGER, await desk.user(STAFF), Role.STAFF)
    assert await desk.svc.reassign.orphaned(MANAGER, STAFF) == []
