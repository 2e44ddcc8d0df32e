"""What the survey feature depends on: its repository (storage/surveys/definitions.py provides
it), the other ports it uses, and the face its entry point (`service.Surveys`) shows its parts
(answering, the /survey wizard, reports), so the parts need not import the entry point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.domain.calendar import QuietHours
from bot.domain.surveys.campaigns import (
    Audience,
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationStatus,
    Response,
)
from bot.domain.surveys.definitions import StoredSurvey
from bot.domain.surveys.forecast import Forecast
from bot.i18n import Translator
from bot.services.ports import (
    Clock,
    EventLog,
    HomeRepository,
    Ledger,
    OutboxRepository,
    OutboxWakeup,
    Transactions,
    UserRepository,
)


class SurveyStore(Protocol):
    # definitions
    async def survey(self, survey_id: int) -> StoredSurvey | None: ...
    async def latest(self, key: str) -> StoredSurvey | None: ...
    async def all_latest(self) -> list[StoredSurvey]: ...
    async def add_survey(self, key: str, version: int, definition: str, now: datetime) -> int: ...
    async def replace_survey(self, survey_id: int, definition: str, now: datetime) -> None: ...
    async def has_answers(self, survey_id: int) -> bool: ...

    # campaigns
    async def add_campaign(self, campaign: Campaign, now: datetime) -> Campaign: ...
    async def campaign(self, campaign_id: int) -> Campaign | None: ...
    async def campaigns(self, limit: int = 30) -> list[Campaign]: ...
    async def with_status(self, status: CampaignStatus) -> list[Campaign]: ...
    async def child_of(self, campaign_id: int) -> Campaign | None: ...
    async def previous(self, campaign: Campaign) -> Campaign | None: ...
    async def move_status(
        self, campaign_id: int, expect: CampaignStatus, status: CampaignStatus, now: datetime
    ) -> bool: ...
    async def withdraw(self, campaign_id: int) -> int: ...
    async def set_reminders_sent(self, campaign_id: int, expect: int, sent: int) -> bool: ...

    # audience and invitations
    async def audience(
        self, audience: Audience, now: datetime
    ) -> list[tuple[int, str, str | None, str | None]]: ...
    async def invited_since(self, since: datetime, series_of: int | None = None) -> set[int]: ...
    async def buildings(self) -> list[str]: ...
    async def invite(
        self, campaign_id: int, people: Iterable[tuple[int, str]], now: datetime
    ) -> None: ...
    async def invitation(self, campaign_id: int, user_id: int) -> Invitation | None: ...
    async def set_invitation(
        self,
        campaign_id: int,
        user_id: int,
        status: InvitationStatus,
        response_id: int | None,
        expect: tuple[InvitationStatus, ...],
    ) -> bool: ...
    async def active_invitation(self, user_id: int) -> Invitation | None: ...
    async def non_respondents(self, campaign_id: int) -> list[int]: ...
    async def invitation_outcomes(self, campaign_id: int) -> list[tuple[str | None, bool]]: ...

    # responses
    async def create_response(
        self, campaign_id: int, user_id: int | None, building: str | None, now: datetime | None
    ) -> int: ...
    async def response(self, response_id: int) -> Response | None: ...
    async def save_answer(self, response_id: int, question_id: str, value: Any) -> None: ...
    async def delete_answer(self, response_id: int, question_id: str) -> None: ...
    async def set_position(
        self, response_id: int, position: int, expect: int | None = None
    ) -> bool: ...
    async def submit_response(
        self, response_id: int, now: datetime | None, keep: dict[str, Any]
    ) -> bool: ...
    async def submitted_answers(self, campaign_id: int) -> list[dict[str, Any]]: ...
    async def raw_responses(self, campaign_id: int) -> list[tuple[Any, ...]]: ...
    async def drop_unfinished(self, campaign_id: int) -> None: ...

    # the /survey wizard
    async def wizard(self, user_id: int) -> tuple[str, dict[str, Any]] | None: ...
    async def put_wizard(
        self, user_id: int, step: str, data: dict[str, Any], now: datetime
    ) -> None: ...
    async def clear_wizard(self, user_id: int) -> None: ...


@dataclass(frozen=True)
class SurveyPorts:
    """Everything the survey feature needs besides its store; the composition root fills it."""

    tx: Transactions
    clock: Clock
    users: UserRepository
    homes: HomeRepository
    events: EventLog
    outbox: OutboxRepository
    wakeup: OutboxWakeup
    ledger: Ledger  # a replayed answer is not applied twice
    quiet_hours: QuietHours  # invitations and reminders wait for the morning


class SurveyFeature(Protocol):
    """The survey entry point as its parts see it."""

    d: SurveyPorts
    store: SurveyStore
    translator: Translator
    tz: ZoneInfo

    def local(self, moment: datetime) -> str: ...
    async def require_manager(self, actor_id: int | None) -> None: ...
    async def definitions(self, actor_id: int | None) -> list[StoredSurvey]: ...
    async def campaign(self, campaign_id: int) -> Campaign: ...
    async def preview(
        self,
        audience: Audience,
        starts_at: datetime,
        deadline_at: datetime,
        every: str | None = None,
    ) -> Forecast: ...
    async def launch(
        self,
        actor_id: int | None,
        key: str,
        audience: Audience,
        starts_at: datetime,
        deadline_at: datetime,
        *,
        every: str | None = None,
        reminders: int = 0,
        remind_every: timedelta = ...,
        anonymous: bool = False,
    ) -> Campaign: ...
