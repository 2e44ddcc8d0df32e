"""Intake, lifecycle, notifications and deadlines: the real services on in-memory fakes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.people.model import Role, UserState
from bot.domain.tickets.model import Action, Category, Kind, Status
from bot.domain.tickets.sla import SlaPolicy
from bot.services.tickets.intake import MAX_PHOTOS
from tests.support.fakes import ScriptedClassifier, classification, make_services, make_user

SH = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2025, 3, 3, 10, 0, tzinfo=SH)  # a working morning, outside quiet hours
MANAGER, STAFF, STAFF2 = 1001, 2001, 2002
RESIDENT, NEIGHBOUR, STRANGER, HOMELESS = 3001, 3002, 4001, 4002
STAFF_RESIDENT = 2003  # staff who also lives here

RULES = [
    ("困", classification("repair", "elevator", True, 0.95)),
    ("电梯", classification("repair", "elevator", False, 0.9)),
    ("噪音", classification("complaint", "noise", False, 0.8)),
    ("物业费", classification("inquiry", "fees", False, 0.85)),
    ("漏水", classification("repair", "plumbing", False, 0.9)),
]


@dataclass
class Desk:
    svc: object
    home: object
    other_home: object

    @property
    def d(self):
        return self.svc.ports

    @property
    def clock(self):
        return self.svc.ports.clock

    async def user(self, user_id):
        return await self.d.users.get(user_id)

    async def draft(self, text="电梯坏了", user_id=RESIDENT, key=None, **options):
        user = await self.user(user_id)
        key = key or f"{user_id}:{len(self.d.drafts.created_at) + 1}"
        return await self.svc.intake.receive(user, text, source_key=key, **options)

    async def file(self, text="电梯坏了", user_id=RESIDENT, **options):
        intake = await self.draft(text, user_id, **options)
        if intake.ticket is not None:  # an emergency is filed at once (issue 17)
            return intake.ticket
        return await self.svc.intake.submit(await self.user(user_id), intake.draft.id)

    async def taken(self, text="电梯坏了", staff=STAFF, user_id=RESIDENT):
        ticket = await self.file(text, user_id)
        return (await self.svc.tickets.take(ticket.id, staff)).ticket

    async def resolved(self, text="电梯坏了", staff=STAFF, user_id=RESIDENT):
        ticket = await self.taken(text, staff, user_id)
        return (await self.svc.tickets.resolve(ticket.id, staff, "已修好")).ticket

    async def ticket(self, ticket_id):
        return await self.d.tickets.get(ticket_id)

    def keys(self, user_id):
        return self.d.outbox.keys_for(user_id)


@pytest.fixture
def desk():
    settings = load_settings({"MANAGER_IDS": str(MANAGER)})
    svc = make_services(settings, classify=ScriptedClassifier(list(RULES)))
    svc.ports.clock.set(MONDAY_10)
    homes, users = svc.ports.homes, svc.ports.users
    home, other = homes.add("3", "2", "1102"), homes.add("5", "1", "0601")
    users.put(make_user(MANAGER, role=Role.MANAGER, first_name="王经理"))
    users.put(make_user(STAFF, role=Role.STAFF, first_name="李师傅"))
    users.put(make_user(STAFF2, role=Role.STAFF, first_name="赵师傅"))
    users.put(make_user(STAFF_RESIDENT, role=Role.STAFF, home_id=other.id, first_name="钱师傅"))
    users.put(make_user(RESIDENT, role=Role.RESIDENT, home_id=home.id, first_name="张阿姨"))
    users.put(make_user(NEIGHBOUR, role=Role.RESIDENT, home_id=other.id, first_name="Tom"))
    users.put(make_user(STRANGER, first_name="路人"))
    users.put(make_user(HOMELESS, role=Role.RESIDENT, first_name="无房"))
    return Desk(svc, home, other)


# ---- intake ----------------------------------------------------------------------------------


class TestIntake:
    async def test_a_message_becomes_a_classified_draft_and_nothing_is_filed(self, desk):
        intake = await desk.draft("3栋电梯坏了")
        draft = intake.draft
        assert (draft.kind, draft.category, draft.urgent) == (
            Kind.REPAIR,
            Category.ELEVATOR,
            False,
        )
        assert draft.confidence == 0.9 and draft.resident_id == RESIDENT
        assert (intake.merged, intake.needs_kind) == (False, False)
        assert await desk.d.drafts.get(draft.id) == draft
        assert desk.d.tickets.rows == {} and desk.d.outbox.items == []

    async def test_low_confidence_asks_for_the_kind_unless_the_menu_said_it(self, desk):
        unsure = await desk.draft("你好，请问一下", key="a")
        assert unsure.needs_kind and unsure.draft.confidence < 0.5
        await desk.svc.intake.discard(await desk.user(RESIDENT), unsure.draft.id)
        preset = await desk.draft("你好，请问一下", key="b", preset=Kind.COMPLAINT)
        assert not preset.needs_kind
        assert preset.draft.kind is Kind.COMPLAINT and preset.draft.confidence == 1.0

    async def test_the_same_telegram_message_twice_returns_the_same_draft(self, desk):
        first = await desk.draft("电梯坏了", key="77:5")
        again = await desk.draft("电梯坏了", key="77:5")
        assert again.draft == first.draft and not again.merged
        assert len(desk.d.drafts.rows) == 1 and again.draft.text == "电梯坏了"

    async def test_messages_while_a_draft_is_open_join_it_and_are_read_again(self, desk):
        first = await desk.draft("有个事想说一下", key="m1")
        assert first.draft.kind is Kind.INQUIRY and first.needs_kind
        second = await desk.draft("楼下漏水了", key="m2", photos=("p1",), location=(31.2, 121.4))
        assert second.merged and second.draft.id == first.draft.id
        assert second.draft.text == "有个事想说一下\n楼下漏水了"
        assert (second.draft.kind, second.draft.category) == (Kind.REPAIR, Category.PLUMBING)
        assert second.draft.photos == ("p1",) and second.draft.latitude == 31.2
        assert len(desk.d.drafts.rows) == 1

    async def test_urgency_toggles_only_on_the_residents_own_draft(self, desk):
        intake = await desk.draft("楼道灯坏了", key="u1")
        before = intake.draft.urgent
        toggled = await desk.svc.intake.toggle_urgent(await desk.user(RESIDENT), intake.draft.id)
        assert toggled.urgent is not before and toggled.confidence == 1.0
        back = await desk.svc.intake.toggle_urgent(await desk.user(RESIDENT), intake.draft.id)
        assert back.urgent is before
        with pytest.raises(DomainError):
            await desk.svc.intake.toggle_urgent(await desk.user(NEIGHBOUR), intake.draft.id)
        assert (await desk.d.drafts.get(intake.draft.id)).urgent is before

    async def test_a_draft_left_for_over_ten_minutes_does_not_swallow_a_new_request(self, desk):
        first = await desk.draft("电梯坏了", key="old")
        desk.clock.advance(minutes=11)
        second = await desk.draft("楼下漏水了", key="new")
        assert not second.merged and second.draft.id != first.draft.id
        assert second.draft.text == "楼下漏水了"

    async def test_merging_keeps_labels_the_resident_chose_and_caps_photos(self, desk):
        intake = await desk.draft("电梯坏了", key="m1")
        resident = await desk.user(RESIDENT)
        await desk.svc.intake.relabel(resident, intake.draft.id, category=Category.FACILITIES)
        for n in range(MAX_PHOTOS + 3):
            merged = await desk.draft("还有噪音", key=f"p{n}", photos=(f"photo{n}",))
        assert merged.draft.category is Category.FACILITIES and merged.draft.kind is Kind.REPAIR
        assert len(merged.draft.photos) == MAX_PHOTOS

    async def test_flood_limit_per_hour_then_accepted_again(self, desk):
        desk.svc.intake.max_tickets_per_hour = 3
        for n in range(3):
            await desk.file(f"电梯坏了 {n}")
        with pytest.raises(DomainError) as flood:
            await desk.draft("电梯又坏了", key="flood")
        assert flood.value.key == "ticket.flood" and len(desk.d.drafts.rows) == 0
        desk.clock.advance(hours=1, seconds=1)
        assert not (await desk.draft("电梯又坏了", key="later")).merged

    async def test_flood_limit_never_drops_a_follow_up_to_an_open_draft(self, desk):
        desk.svc.intake.max_tickets_per_hour = 1
        await desk.file("电梯坏了")
        desk.svc.intake.max_tickets_per_hour = 2
        opened = await desk.draft("漏水", key="a")
        desk.svc.intake.max_tickets_per_hour = 1
        follow = await desk.draft("在厨房", key="b")
        assert follow.merged and follow.draft.id == opened.draft.id

    async def test_relabel_changes_labels_and_marks_them_as_the_residents(self, desk):
        intake = await desk.draft("电梯坏了")
        resident = await desk.user(RESIDENT)
        changed = await desk.svc.intake.relabel(
            resident, intake.draft.id, kind=Kind.COMPLAINT, category=Category.SERVICE, urgent=True
        )
        assert (changed.kind, changed.category, changed.urgent, changed.confidence) == (
            Kind.COMPLAINT,
            Category.SERVICE,
            True,
            1.0,
        )
        assert await desk.d.drafts.get(intake.draft.id) == changed

    async def test_discard_deletes_and_a_new_draft_gets_a_new_id(self, desk):
        first = await desk.draft("电梯坏了", key="a")
        await desk.svc.intake.discard(await desk.user(RESIDENT), first.draft.id)
        assert await desk.d.drafts.get(first.draft.id) is None
        second = await desk.draft("电梯坏了", key="b")
        assert second.draft.id != first.draft.id and not second.merged

    @pytest.mark.parametrize(
        ("text", "kind", "urgent", "respond", "resolve"),
        [
            ("有人被困在电梯里", Kind.REPAIR, True, timedelta(minutes=15), timedelta(hours=4)),
            ("电梯坏了", Kind.REPAIR, False, timedelta(minutes=30), timedelta(hours=24)),
            ("楼上噪音太大", Kind.COMPLAINT, False, timedelta(hours=2), timedelta(hours=72)),
            ("物业费怎么交", Kind.INQUIRY, False, timedelta(hours=2), timedelta(hours=24)),
        ],
    )
    async def test_submit_files_with_the_default_deadlines(
        self, desk, text, kind, urgent, respond, resolve
    ):
        now = desk.clock.now()
        ticket = await desk.file(text)
        assert (ticket.kind, ticket.urgent, ticket.status) == (kind, urgent, Status.NEW)
        assert ticket.respond_by - now == respond and ticket.resolve_by - now == resolve
        assert ticket.created_at == now and ticket.home_id == desk.home.id
        stored = await desk.ticket(ticket.id)
        assert stored.respond_by == ticket.respond_by and stored.description == text

    async def test_submit_records_event_and_photos_deletes_the_draft_and_publishes(self, desk):
        intake = await desk.draft("电梯坏了", photos=("ph1",))
        await desk.draft("还有这张", key="second", photos=("ph2",))
        ticket = await desk.svc.intake.submit(await desk.user(RESIDENT), intake.draft.id)
        events = await desk.d.tickets.events(ticket.id)
        assert [(e.action, e.actor_id) for e in events] == [(Action.CREATE, RESIDENT)]
        assert await desk.d.tickets.photos(ticket.id) == ["ph1", "ph2"]
        assert await desk.d.drafts.get(intake.draft.id) is None
        assert desk.d.board.published == [ticket.id] and desk.d.wakeup.wakes >= 1
        with pytest.raises(NotFound):  # the old draft card cannot file it twice
            await desk.svc.intake.submit(await desk.user(RESIDENT), intake.draft.id)
        assert len(desk.d.tickets.rows) == 1

    async def test_urgent_tickets_reach_every_manager_at_once(self, desk):
        desk.clock.set(datetime(2025, 3, 3, 23, 30, tzinfo=SH))  # quiet hours do not apply
        ticket = await desk.file("有人被困在电梯里")
        (item,) = desk.d.outbox.for_user(MANAGER)
        assert item.key == "emergency.manager_new" and item.params == {
            "id": ticket.id,
            "home": "3-2-1102",
            "text": "有人被困在电梯里",
        }
        assert item.not_before == desk.clock.now()
        assert desk.d.outbox.for_user(STAFF) == []

    async def test_non_urgent_tickets_do_not_page_managers(self, desk):
        await desk.file("电梯坏了")
        assert desk.d.outbox.for_user(MANAGER) == []

    async def test_a_resident_cannot_touch_another_residents_draft(self, desk):
        theirs = (await desk.draft("电梯坏了", user_id=NEIGHBOUR)).draft
        me = await desk.user(RESIDENT)
        for attempt in (
            desk.svc.intake.draft_of(me, theirs.id),
            desk.svc.intake.relabel(me, theirs.id, kind=Kind.COMPLAINT),
            desk.svc.intake.discard(me, theirs.id),
            desk.svc.intake.submit(me, theirs.id),
        ):
            with pytest.raises(NotFound) as refused:
                await attempt
            assert refused.value.key == "ticket.draft_gone"
        assert await desk.d.drafts.get(theirs.id) == theirs and desk.d.tickets.rows == {}

    @pytest.mark.parametrize("who", [STRANGER, HOMELESS, MANAGER])
    async def test_only_residents_with_a_home_can_file(self, desk, who):
        with pytest.raises(DomainError) as refused:
            await desk.draft("电梯坏了", user_id=who)
        assert refused.value.key == "ticket.register_first"
        with pytest.raises(DomainError):
            await desk.svc.intake.receive(None, "x", source_key="none")

    async def test_a_photo_alone_can_be_filed_but_nothing_cannot(self, desk):
        photo = await desk.draft("", key="photo", photos=("ph",))
        assert photo.draft.text == ""
        ticket = await desk.svc.intake.submit(await desk.user(RESIDENT), photo.draft.id)
        assert ticket.description == "📷"
        with pytest.raises(DomainError) as pointed:  # blank text alone: not a request at all
            await desk.draft("   ", key="blank")
        assert pointed.value.key == "intake.small_talk" and desk.d.drafts.rows == {}
        empty = await desk.draft("   ", key="blank", preset=Kind.REPAIR)  # after 🛠 报修
        with pytest.raises(DomainError) as refused:
            await desk.svc.intake.submit(await desk.user(RESIDENT), empty.draft.id)
        assert refused.value.key == "ticket.empty"

    async def test_business_hours_count_working_time_for_non_urgent_only(self, desk):
        hours = BusinessHours(tz=SH)  # 08:30-17:30, Monday to Friday
        desk.svc.intake.sla = SlaPolicy(business_hours=True, hours=hours)
        desk.svc.intake.business_hours = hours
        desk.clock.set(datetime(2025, 2, 28, 17, 20, tzinfo=SH))  # Friday, ten minutes left
        repair = await desk.file("电梯坏了")
        assert repair.respond_by == datetime(2025, 3, 3, 8, 50, tzinfo=SH)
        urgent = await desk.file("有人被困在电梯里")
        assert urgent.respond_by == datetime(2025, 2, 28, 17, 35, tzinfo=SH)


# ---- lifecycle -------------------------------------------------------------------------------


class TestTake:
    async def test_first_staff_member_wins_and_the_resident_is_told(self, desk):
        ticket = await desk.file()
        first = await desk.svc.tickets.take(ticket.id, STAFF)
        second = await desk.svc.tickets.take(ticket.id, STAFF2)
        assert first.changed and not second.changed
        assert second.ticket.owner_id == STAFF and second.ticket.status is Status.TAKEN
        assert first.ticket.responded_at == desk.clock.now()
        assert desk.d.tickets.actions(ticket.id) == [Action.CREATE, Action.TAKE]
        (item,) = desk.d.outbox.for_user(RESIDENT)
        assert item.key == "ticket.taken_resident" and item.params["name"] == "李师傅"

    @pytest.mark.parametrize("who", [RESIDENT, STRANGER, 999999])
    async def test_residents_and_strangers_cannot_take(self, desk, who):
        ticket = await desk.file()
        with pytest.raises(PermissionDenied):
            await desk.svc.tickets.take(ticket.id, who)
        assert (await desk.ticket(ticket.id)).status is Status.NEW

    async def test_a_missing_ticket_is_not_found(self, desk):
        for ticket_id in (0, -1, 12345, 2**63):
            with pytest.raises(NotFound):
                await desk.svc.tickets.take(ticket_id, STAFF)


class TestHandOver:
    async def test_explicit_and_recorded(self, desk):
        ticket = await desk.taken()
        change = await desk.svc.tickets.hand_over(ticket.id, STAFF, STAFF2)
        assert change.changed and change.ticket.owner_id == STAFF2
        event = (await desk.d.tickets.events(ticket.id))[-1]
        assert (event.action, event.actor_id, event.note) == (Action.HAND_OVER, STAFF, "→ 赵师傅")
        assert desk.keys(STAFF2) == ["ticket.handed_to_you"]
        assert desk.keys(RESIDENT)[-1] == "ticket.handed_resident"
        again = await desk.svc.tickets.hand_over(ticket.id, STAFF2, STAFF2)
        assert not again.changed

    async def test_a_new_ticket_can_be_handed_to_a_colleague(self, desk):
        """The card offers Hand over before Take: the sender answers it by assigning it."""
        ticket = await desk.file()
        change = await desk.svc.tickets.hand_over(ticket.id, STAFF, STAFF2)
        assert change.changed and change.ticket.owner_id == STAFF2
        assert change.ticket.status is Status.TAKEN
        assert change.ticket.responded_at == desk.clock.now()
        assert desk.d.tickets.actions(ticket.id) == [
            Action.CREATE,
            Action.TAKE,
            Action.HAND_OVER,
        ]
        assert desk.keys(STAFF2) == ["ticket.handed_to_you"]

    async def test_only_the_owner_or_a_manager(self, desk):
        ticket = await desk.taken()
        with pytest.raises(PermissionDenied) as refused:
            await desk.svc.tickets.hand_over(ticket.id, STAFF2, STAFF2)
        assert refused.value.key == "ticket.owned_by" and refused.value.params["name"] == "李师傅"
        assert (await desk.svc.tickets.hand_over(ticket.id, MANAGER, STAFF2)).changed

    async def test_only_to_staff(self, desk):
        ticket = await desk.taken()
        for target in (RESIDENT, STRANGER, 424242):
            with pytest.raises(DomainError) as refused:
                await desk.svc.tickets.hand_over(ticket.id, STAFF, target)
            assert refused.value.key == "ticket.handover_target"
        assert (await desk.ticket(ticket.id)).owner_id == STAFF


class TestStaffMessages:
    async def test_replying_to_a_new_ticket_takes_it(self, desk):
        ticket = await desk.file()
        desk.clock.advance(minutes=5)
        after = await desk.svc.tickets.staff_message(ticket.id, STAFF2, "马上到")
        assert after.owner_id == STAFF2 and after.status is Status.IN_PROGRESS
        assert after.responded_at == desk.clock.now()
        assert desk.d.tickets.actions(ticket.id)[1:] == [Action.TAKE, Action.PROGRESS]
        item = desk.d.outbox.for_user(RESIDENT)[-1]
        assert item.key == "ticket.staff_says" and item.params["text"] == "马上到"

    async def test_another_staff_members_reply_is_relayed_but_does_not_take(self, desk):
        ticket = await desk.taken()
        after = await desk.svc.tickets.staff_message(ticket.id, STAFF2, "", photo="ph")
        assert after.owner_id == STAFF and after.status is Status.TAKEN
        event = (await desk.d.tickets.events(ticket.id))[-1]
        assert (event.action, event.note) == (Action.STAFF_REPLY, "📷")
        assert desk.d.outbox.for_user(RESIDENT)[-1].extra["photo"] == "ph"

    async def test_nobody_can_write_into_a_finished_ticket(self, desk):
        ticket = await desk.file()
        await desk.svc.tickets.cancel(await desk.user(RESIDENT), ticket.id)
        with pytest.raises(DomainError) as refused:
            await desk.svc.tickets.staff_message(ticket.id, STAFF, "hello")
        assert refused.value.key == "ticket.finished"
        with pytest.raises(PermissionDenied):
            await desk.svc.tickets.staff_message(ticket.id, RESIDENT, "hello")


class TestResolve:
    async def test_needs_a_note(self, desk):
        ticket = await desk.taken()
        for note in ("", "   ", None):
            with pytest.raises(DomainError) as refused:
                await desk.svc.tickets.resolve(ticket.id, STAFF, note)
            assert refused.value.key == "ticket.note_required"
        assert (await desk.ticket(ticket.id)).status is Status.TAKEN

    async def test_tells_the_resident_with_the_resolution_buttons(self, desk):
        ticket = await desk.taken()
        change = await desk.svc.tickets.resolve(ticket.id, STAFF, "已更换灯具", photo="fix")
        assert change.changed and change.ticket.status is Status.RESOLVED
        assert change.ticket.resolved_at == desk.clock.now()
        item = desk.d.outbox.for_user(RESIDENT)[-1]
        assert item.key == "ticket.resolved_resident"
        assert item.extra == {
            "ticket": ticket.id,
            "buttons": "resolution",
            "photo": "fix",
            "content": "relay",  # whole, in parts when long (issue 10 B)
            "split": "note",
        }
        assert item.params["note"] == "已更换灯具" and item.params["name"] == "李师傅"
        assert await desk.d.tickets.photos(ticket.id) == ["fix"]
        assert not (await desk.svc.tickets.resolve(ticket.id, STAFF, "again")).changed
        assert desk.d.tickets.actions(ticket.id).count(Action.RESOLVE) == 1

    async def test_only_the_owner_or_a_manager(self, desk):
        ticket = await desk.taken()
        with pytest.raises(PermissionDenied):
            await desk.svc.tickets.resolve(ticket.id, STAFF2, "我来")
        with pytest.raises(PermissionDenied):
            await desk.svc.tickets.resolve(ticket.id, RESIDENT, "好了")
        assert (await desk.svc.tickets.resolve(ticket.id, MANAGER, "经理办结")).changed

    async def test_resolving_a_new_ticket_takes_it_first(self, desk):
        """The card offers Resolve before anyone took the ticket (and the service fills in the
        owner and response time for exactly that case), so it must not be refused."""
        ticket = await desk.file()
        change = await desk.svc.tickets.resolve(ticket.id, STAFF, "已处理")
        assert change.ticket.status is Status.RESOLVED and change.ticket.owner_id == STAFF
        assert change.ticket.responded_at == desk.clock.now()
        assert desk.d.tickets.actions(ticket.id) == [Action.CREATE, Action.TAKE, Action.RESOLVE]


class TestResidentAnswers:
    @pytest.mark.parametrize("rating", [1, 2, 3, 4, 5])
    async def test_confirm_with_a_rating_closes(self, desk, rating):
        ticket = await desk.resolved()
        resident = await desk.user(RESIDENT)
        change = await desk.svc.tickets.confirm(resident, ticket.id, rating)
        assert change.changed and change.ticket.status is Status.CLOSED
        assert change.ticket.rating == rating and change.ticket.closed_at == desk.clock.now()
        assert (await desk.user(RESIDENT)).state is UserState.RATING_COMMENT
        owner_note = desk.d.outbox.for_user(STAFF)[-1]
        assert owner_note.key == "ticket.rated_owner" and owner_note.params["rating"] == rating
        assert not (await desk.svc.tickets.confirm(resident, ticket.id, 1)).changed
        assert (await desk.ticket(ticket.id)).rating == rating

    async def test_confirmation_is_open_only_while_resolved_and_only_to_the_resident(self, desk):
        ticket = await desk.resolved()
        resident = await desk.user(RESIDENT)
        assert (await desk.svc.tickets.confirmation(resident, ticket.id))[1] is True
        await desk.svc.tickets.confirm(resident, ticket.id, 4)
        shown, still_open = await desk.svc.tickets.confirmation(resident, ticket.id)
        assert shown.status is Status.CLOSED and still_open is False
        with pytest.raises(DomainError):
            await desk.svc.tickets.confirmation(await desk.user(NEIGHBOUR), ticket.id)

    @pytest.mark.parametrize("rating", [0, 6, -1, 100])
    async def test_a_bad_rating_is_refused(self, desk, rating):
        ticket = await desk.resolved()
        with pytest.raises(DomainError) as refused:
            await desk.svc.tickets.confirm(await desk.user(RESIDENT), ticket.id, rating)
        assert refused.value.key == "ticket.bad_rating"
        assert (await desk.ticket(ticket.id)).status is Status.RESOLVED

    async def test_staff_cannot_rate_their_own_ticket(self, desk):
        ticket = await desk.resolved(staff=STAFF_RESIDENT, user_id=STAFF_RESIDENT)
        with pytest.raises(DomainError) as refused:
            await desk.svc.tickets.confirm(await desk.user(STAFF_RESIDENT), ticket.id, 5)
        assert refused.value.key == "ticket.no_self_rating"
        assert (await desk.ticket(ticket.id)).rating is None

    async def test_comment_once_and_skip(self, desk):
        ticket = await desk.resolved()
        resident = await desk.user(RESIDENT)
        await desk.svc.tickets.confirm(resident, ticket.id, 4)
        await desk.svc.tickets.comment(resident, ticket.id, "  师傅很负责  ")
        await desk.svc.tickets.comment(resident, ticket.id, "second")
        stored = await desk.ticket(ticket.id)
        assert stored.rating_comment == "师傅很负责"
        assert (await desk.user(RESIDENT)).state is None

    async def test_reopen_with_a_reason_goes_back_to_the_owner(self, desk):
        ticket = await desk.resolved()
        resident = await desk.user(RESIDENT)
        await desk.svc.tickets.ask_reopen(resident, ticket.id)
        assert (await desk.user(RESIDENT)).state is UserState.REOPEN_REASON
        change = await desk.svc.tickets.reopen(resident, ticket.id, "二楼还是不亮")
        assert change.changed and change.ticket.status is Status.REOPENED
        assert change.ticket.owner_id == STAFF and change.ticket.resolved_at is None
        note = desk.d.outbox.for_user(STAFF)[-1]
        assert (note.key, note.params["reason"]) == ("ticket.reopened_owner", "二楼还是不亮")
        assert (await desk.user(RESIDENT)).state is None
        assert not (await desk.svc.tickets.reopen(resident, ticket.id, "again")).changed
        with pytest.raises(DomainError) as refused:
            await desk.svc.tickets.ask_reopen(resident, ticket.id)
        assert refused.value.key == "ticket.not_resolved"
        again = await desk.svc.tickets.resolve(ticket.id, STAFF, "二楼也换了")
        assert again.ticket.status is Status.RESOLVED

    async def test_cancel_only_while_new(self, desk):
        resident = await desk.user(RESIDENT)
        ticket = await desk.file()
        change = await desk.svc.tickets.cancel(resident, ticket.id)
        assert change.changed and change.ticket.status is Status.CANCELLED
        assert not (await desk.svc.tickets.cancel(resident, ticket.id)).changed
        taken = await desk.taken("漏水了")
        with pytest.raises(DomainError) as refused:
            await desk.svc.tickets.cancel(resident, taken.id)
        assert refused.value.key == "ticket.cannot_cancel"
        assert (await desk.ticket(taken.id)).status is Status.TAKEN

    async def test_a_follow_up_is_recorded_and_relayed_to_the_staff_thread(self, desk):
        ticket = await desk.taken()
        resident = await desk.user(RESIDENT)
        await desk.svc.tickets.resident_message(resident, ticket.id, "<b>急</b>", photo="ph")
        ((ticket_id, note, photo),) = desk.d.board.thread
        assert (ticket_id, note.key, photo) == (ticket.id, "ticket.resident_says", "ph")
        assert note.params["text"] == "<b>急</b>"
        event = (await desk.d.tickets.events(ticket.id))[-1]
        assert (event.action, event.actor_id) == (Action.RESIDENT_REPLY, RESIDENT)
        assert await desk.d.tickets.photos(ticket.id) == ["ph"]

    async def test_a_long_follow_up_reaches_staff_whole(self, desk):
        """Nothing is cut (issue 10 B): the thread splits it into marked parts."""
        ticket = await desk.taken()
        await desk.svc.tickets.resident_message(await desk.user(RESIDENT), ticket.id, "😀" * 2048)
        (_, note, _) = desk.d.board.thread[-1]
        assert note.params["text"] == "😀" * 2048


class TestPrivacy:
    """A resident never sees or acts on someone else's ticket: it looks like a missing one."""

    @staticmethod
    def attempts(svc, resident, ticket_id):
        t = svc.tickets
        return {
            "visible": lambda: t.visible(resident, ticket_id),
            "history": lambda: t.history(resident, ticket_id),
            "confirm": lambda: t.confirm(resident, ticket_id, 5),
            "comment": lambda: t.comment(resident, ticket_id, "x"),
            "ask_reopen": lambda: t.ask_reopen(resident, ticket_id),
            "reopen": lambda: t.reopen(resident, ticket_id, "x"),
            "cancel": lambda: t.cancel(resident, ticket_id),
            "ask_details": lambda: t.ask_details(resident, ticket_id),
            "message": lambda: t.resident_message(resident, ticket_id, "x"),
        }

    async def test_someone_elses_ticket_and_a_missing_one_look_the_same(self, desk):
        theirs = await desk.resolved(user_id=NEIGHBOUR)
        before = await desk.ticket(theirs.id)
        resident = await desk.user(RESIDENT)
        missing = theirs.id + 100
        for name, attempt in self.attempts(desk.svc, resident, theirs.id).items():
            with pytest.raises(NotFound) as other:
                await attempt()
            with pytest.raises(NotFound) as gone:
                await self.attempts(desk.svc, resident, missing)[name]()
            assert (other.value.key, other.value.params) == ("ticket.not_found", {"id": theirs.id})
            assert (gone.value.key, gone.value.params) == ("ticket.not_found", {"id": missing})
        assert await desk.ticket(theirs.id) == before
        assert desk.d.board.thread == [] and (await desk.user(RESIDENT)).state is None

    async def test_staff_see_every_ticket_strangers_none(self, desk):
        ticket = await desk.file()
        assert (await desk.svc.tickets.visible(await desk.user(STAFF2), ticket.id)).id == ticket.id
        for viewer in (await desk.user(STRANGER), None):
            with pytest.raises(NotFound):
                await desk.svc.tickets.visible(viewer, ticket.id)

    async def test_my_requests_are_only_mine_newest_first(self, desk):
        mine = [await desk.file("电梯坏了"), await desk.file("漏水了")]
        await desk.file("噪音", user_id=NEIGHBOUR)
        listed = await desk.svc.tickets.mine(await desk.user(RESIDENT))
        assert [t.id for t in listed] == [mine[1].id, mine[0].id]


class TestStaffList:
    async def test_open_mine_overdue_building_and_category(self, desk):
        a = await desk.taken("电梯坏了")  # mine (STAFF), building 3, elevator
        b = await desk.file("楼下漏水了", user_id=NEIGHBOUR)  # new, building 5, plumbing
        c = await desk.resolved("楼上噪音")  # resolved: not open
        d = await desk.file("物业费怎么交")
        await desk.svc.tickets.cancel(await desk.user(RESIDENT), d.id)

        async def ids(view, building=None, category=None, who=STAFF):
            return [t.id for t in await desk.svc.tickets.staff_list(who, view, building, category)]

        assert await ids("open") == [b.id, a.id]
        assert await ids("mine") == [a.id] and await ids("mine", who=STAFF2) == []
        assert await ids("open", building="5") == [b.id]
        assert await ids("open", category="elevator") == [a.id]
        assert await ids("overdue") == []
        desk.clock.advance(minutes=31)  # b was never answered
        assert await ids("overdue") == [b.id]
        desk.clock.advance(hours=24)
        assert await ids("overdue") == [b.id, a.id]
        assert c.id not in await ids("overdue")
        with pytest.raises(PermissionDenied):
            await desk.svc.tickets.staff_list(RESIDENT, "open")


# ---- who hears what, and when ------------------------------------------------------------------


class TestQuietHours:
    async def test_non_urgent_news_at_half_past_ten_waits_for_eight(self, desk):
        desk.clock.set(datetime(2025, 3, 3, 20, 0, tzinfo=SH))
        ticket = await desk.file()
        desk.clock.set(datetime(2025, 3, 3, 22, 30, tzinfo=SH))
        await desk.svc.tickets.take(ticket.id, STAFF)
        (item,) = desk.d.outbox.for_user(RESIDENT)
        assert item.not_before == datetime(2025, 3, 4, 8, 0, tzinfo=SH)
        assert await desk.d.outbox.due(desk.clock.now()) == []
        desk.clock.set(datetime(2025, 3, 4, 8, 0, tzinfo=SH))
        assert [i.id for i in await desk.d.outbox.due(desk.clock.now())] == [item.id]

    async def test_urgent_news_goes_at_once(self, desk):
        desk.clock.set(datetime(2025, 3, 3, 20, 0, tzinfo=SH))
        ticket = await desk.file("有人被困在电梯里")
        desk.clock.set(datetime(2025, 3, 3, 22, 30, tzinfo=SH))
        await desk.svc.tickets.take(ticket.id, STAFF)
        assert desk.d.outbox.for_user(RESIDENT)[-1].not_before == desk.clock.now()

    async def test_a_resident_chatting_right_now_is_answered_now(self, desk):
        desk.clock.set(datetime(2025, 3, 3, 20, 0, tzinfo=SH))
        ticket = await desk.taken()
        desk.clock.set(datetime(2025, 3, 3, 22, 10, tzinfo=SH))
        await desk.svc.tickets.resident_message(await desk.user(RESIDENT), ticket.id, "还没人来")
        desk.clock.set(datetime(2025, 3, 3, 22, 30, tzinfo=SH))
        await desk.svc.tickets.staff_message(ticket.id, STAFF, "十分钟到")
        assert desk.d.outbox.for_user(RESIDENT)[-1].not_before == desk.clock.now()
        desk.clock.set(datetime(2025, 3, 3, 22, 41, tzinfo=SH))  # 31 minutes after
        await desk.svc.tickets.staff_message(ticket.id, STAFF, "到了")
        assert desk.d.outbox.for_user(RESIDENT)[-1].not_before == datetime(
            2025, 3, 4, 8, 0, tzinfo=SH
        )


# ---- deadlines ---------------------------------------------------------------------------------


class TestDeadlines:
    async def test_a_missed_response_escalates_once(self, desk):
        ticket = await desk.file()
        desk.clock.advance(minutes=29)
        assert await desk.svc.deadlines.check() == 0
        desk.clock.advance(minutes=2)
        assert await desk.svc.deadlines.check() == 1
        assert desk.keys(MANAGER) == ["escalation.response"]
        assert desk.d.board.thread_keys(ticket.id) == ["escalation.realert"]
        assert (await desk.ticket(ticket.id)).breaches == {"response"}
        escalated = (await desk.d.tickets.events(ticket.id))[-1]
        assert (escalated.action, escalated.actor_id, escalated.note) == (
            Action.ESCALATE,
            None,
            "response",
        )
        desk.clock.advance(minutes=5)
        assert await desk.svc.deadlines.check() == 0
        assert desk.keys(MANAGER) == ["escalation.response"]
        assert desk.d.board.thread_keys() == ["escalation.realert"]

    async def test_a_missed_resolution_tells_managers_only(self, desk):
        ticket = await desk.taken()
        desk.clock.advance(hours=24, minutes=1)
        assert await desk.svc.deadlines.check() == 1
        assert desk.keys(MANAGER) == ["escalation.resolution"]
        assert desk.d.board.thread == []
        assert await desk.svc.deadlines.check() == 0
        assert (await desk.ticket(ticket.id)).breaches == {"resolution"}

    async def test_a_late_answer_is_recorded_but_nobody_is_told_to_take_a_taken_ticket(self, desk):
        """Taken 5 minutes after the response deadline, between two checks: at the resolution
        deadline nobody may be told "nobody has taken it" or "take it now"."""
        ticket = await desk.file()
        desk.clock.advance(minutes=35)
        await desk.svc.tickets.take(ticket.id, STAFF)
        desk.clock.advance(hours=24)
        await desk.svc.deadlines.check()
        assert desk.keys(MANAGER) == ["escalation.resolution"]
        assert desk.d.board.thread == []
        assert (await desk.ticket(ticket.id)).breaches == {"response", "resolution"}

    async def test_resolved_in_time_is_no_breach(self, desk):
        await desk.resolved()
        desk.clock.advance(days=2)
        assert await desk.svc.deadlines.check() == 0
        assert desk.keys(MANAGER) == []

    async def test_one_unreachable_staff_group_does_not_stop_the_round(self, desk):
        first, second = await desk.file("电梯坏了"), await desk.file("漏水了")
        desk.clock.advance(minutes=31)
        desk.d.board.fail_with = RuntimeError("Telegram is down")
        await desk.svc.deadlines.check()
        assert (await desk.ticket(first.id)).breaches == {"response"}
        assert (await desk.ticket(second.id)).breaches == {"response"}
        assert desk.keys(MANAGER) == ["escalation.response", "escalation.response"]

    async def test_auto_close_after_three_days_exactly_once(self, desk):
        ticket = await desk.resolved()
        desk.clock.advance(days=3, seconds=-1)
        assert await desk.svc.deadlines.auto_close() == 0
        desk.clock.advance(seconds=2)
        assert await desk.svc.deadlines.auto_close() == 1
        closed = await desk.ticket(ticket.id)
        assert closed.status is Status.CLOSED and closed.closed_at == desk.clock.now()
        assert desk.d.tickets.actions(ticket.id)[-1] is Action.AUTO_CLOSE
        assert desk.keys(RESIDENT)[-1] == "ticket.auto_closed"
        assert await desk.svc.deadlines.auto_close() == 0
        assert desk.d.tickets.actions(ticket.id).count(Action.AUTO_CLOSE) == 1

    async def test_auto_close_waits_as_configured_and_says_how_long(self, desk):
        desk.svc.deadlines.auto_close_after = timedelta(days=7)
        ticket = await desk.resolved()
        desk.clock.advance(days=4)
        assert await desk.svc.deadlines.auto_close() == 0
        desk.clock.advance(days=3, seconds=1)
        assert await desk.svc.deadlines.auto_close() == 1
        item = desk.d.outbox.for_user(RESIDENT)[-1]
        assert (item.key, item.params) == ("ticket.auto_closed", {"id": ticket.id, "days": 7})

    async def test_auto_close_leaves_reopened_and_answered_tickets_alone(self, desk):
        ticket = await desk.resolved()
        await desk.svc.tickets.reopen(await desk.user(RESIDENT), ticket.id, "没修好")
        desk.clock.advance(days=4)
        assert await desk.svc.deadlines.auto_close() == 0
        assert (await desk.ticket(ticket.id)).status is Status.REOPENED

    async def test_republish_cards_that_never_got_posted(self, desk):
        posted, lost = await desk.file("电梯坏了"), await desk.file("漏水了")
        cancelled = await desk.file("噪音")
        await desk.svc.tickets.cancel(await desk.user(RESIDENT), cancelled.id)
        async with desk.d.tx.transaction():
            await desk.d.tickets.update(posted.id, staff_chat_id=-100, staff_message_id=7)
        desk.d.board.published.clear()
        assert await desk.svc.deadlines.republish_missing_cards() == 1
        assert desk.d.board.published == [lost.id]

    async def test_a_failing_board_never_loses_the_ticket(self, desk):
        desk.d.board.fail_with = RuntimeError("staff group unreachable")
        ticket = await desk.file()
        assert (await desk.ticket(ticket.id)).status is Status.NEW
        desk.d.board.fail_with = None
        assert await desk.svc.deadlines.republish_missing_cards() == 1
        assert desk.d.board.published == [ticket.id]

    async def test_republishing_is_gentle_with_the_staff_group(self, desk):
        """A batch per run, well under Telegram's group limit; the first refusal ends the run
        (a removed bot or a 429 must not be hammered once per waiting card)."""
        from bot.services.tickets.deadlines import CARDS_PER_RUN

        desk.d.board.fail_with = RuntimeError("Forbidden: bot was kicked from the group chat")
        for _ in range(CARDS_PER_RUN + 3):
            await desk.file("漏水了")
            desk.clock.advance(minutes=7)  # under the resident's ten-requests-an-hour limit
        desk.d.board.published.clear()
        assert await desk.svc.deadlines.republish_missing_cards() == 0
        desk.d.board.fail_with = None
        assert await desk.svc.deadlines.republish_missing_cards() == CARDS_PER_RUN
        first = list(desk.d.board.published)
        async with desk.d.tx.transaction():  # what the real board records once a card is up
            for ticket_id in first:
                await desk.d.tickets.update(ticket_id, staff_chat_id=-100, staff_message_id=1)
        assert await desk.svc.deadlines.republish_missing_cards() == 3
        assert len(set(desk.d.board.published)) == CARDS_PER_RUN + 3


def test_utc_and_local_agree():
    assert MONDAY_10.astimezone(UTC) == datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


# ---- what reaches Telegram -------------------------------------------------------------------


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_a_history_full_of_emoji_is_trimmed_under_telegrams_limit(desk):
    """Regression: trim once counted code points while Telegram's 4096 counts UTF-16 units,
    so /ticket N for an emoji-heavy history went out too long (400)."""
    from bot.i18n import Translator
    from handlers.common.render import trim
    from handlers.tickets.views import history_text

    ticket = await desk.taken("漏水" + "😀" * 2046)
    resident = await desk.user(RESIDENT)
    for _ in range(3):
        await desk.svc.tickets.resident_message(resident, ticket.id, "😀" * 2048)
    ticket, events, photos = await desk.svc.tickets.history(resident, ticket.id)
    text = history_text(Translator("zh"), "zh", ticket, events, {}, SH, len(photos))
    sent = trim(text)  # what staff_tickets.ticket_command sends, as HTML
    shown = html.unescape(re.sub(r"<[^>]+>", "", sent))  # what Telegram measures
    assert utf16_units(shown) <= 4096
