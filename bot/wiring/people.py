"""People: the directory, onboarding, the roster, homes' members and privacy (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from bot.services.people.directory import PeopleService
from bot.services.people.lifecycle import LifecycleService
from bot.services.people.membership import MembershipService
from bot.services.people.onboarding import OnboardingService
from bot.services.people.privacy import PrivacyService
from bot.services.people.roster import RosterService
from bot.wiring.ports import Ports


@dataclass(frozen=True)
class People:
    people: PeopleService
    onboarding: OnboardingService
    roster: RosterService
    lifecycle: LifecycleService
    membership: MembershipService
    privacy: PrivacyService


def wire(settings: Settings, p: Ports) -> People:
    people = PeopleService(
        tx=p.tx,
        clock=p.clock,
        notifier=p.notifier,
        users=p.users,
        homes=p.homes,
        invites=p.invites,
        events=p.events,
        kv=p.kv,
        manager_ids=settings.manager_ids,
        configured_staff_chat=settings.staff_chat_id,
        invite_ttl=timedelta(hours=settings.invite_ttl_hours),
    )
    onboarding = OnboardingService(
        tx=p.tx,
        clock=p.clock,
        notifier=p.notifier,
        users=p.users,
        homes=p.homes,
        registrations=p.registrations,
        invites=p.invites,
        events=p.events,
    )
    roster = RosterService(tx=p.tx, clock=p.clock, homes=p.homes)
    return People(
        people, onboarding, roster, _lifecycle(p), _membership(settings, p), _privacy(settings, p)
    )


def _lifecycle(p: Ports) -> LifecycleService:
    return LifecycleService(
        tx=p.tx,
        clock=p.clock,
        notifier=p.notifier,
        users=p.users,
        homes=p.homes,
        events=p.events,
        lifecycle=p.lifecycle,
        kv=p.kv,
    )


def _membership(settings: Settings, p: Ports) -> MembershipService:
    return MembershipService(
        tx=p.tx,
        clock=p.clock,
        notifier=p.notifier,
        users=p.users,
        homes=p.homes,
        invites=p.invites,
        events=p.events,
        lifecycle=p.lifecycle,
        invite_ttl=timedelta(hours=settings.invite_ttl_hours),
        tz=settings.tz,
    )


def _privacy(settings: Settings, p: Ports) -> PrivacyService:
    return PrivacyService(
        tx=p.tx,
        clock=p.clock,
        users=p.users,
        events=p.events,
        privacy=p.privacy,
        lifecycle=p.lifecycle,
        kv=p.kv,
        outbox=p.outbox,
        tickets=p.tickets,
        board=p.board,
        erasure_delay=timedelta(days=settings.data_erasure_days),
        phone_retention=timedelta(days=settings.detached_phone_retention_days),
    )
