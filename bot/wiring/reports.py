"""The manager's reports (issue 13) and the scheduled digests."""

from __future__ import annotations

from bot.config import Settings
from bot.services.registry import Services
from bot.services.reports.digests import DigestService
from bot.services.reports.service import ReportService
from bot.wiring.ports import Ports, quiet_hours


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.reports is not None:
        services.reports = ReportService(
            clock=p.clock,
            users=p.users,
            store=p.reports,
            tz=settings.tz,
            hours=settings.sla.hours,
            targets=settings.report_targets,
            hotspot_min=settings.report_hotspot_min,
            mirror=services.surveys.reports.latest_closed,
            hotspot_scopes={
                "unit": settings.report_hotspot_min_unit,
                "building": settings.report_hotspot_min_building,
            },
            activity_ratings=lambda: _activity_ratings(services),
        )
    if p.digests is not None:
        services.digests = DigestService(
            tx=p.tx,
            clock=p.clock,
            users=p.users,
            store=p.digests,
            outbox=p.outbox,
            wakeup=p.wakeup,
            quiet_hours=quiet_hours(settings),
            tz=settings.tz,
            staff_chat=services.people.staff_chat_id,
        )


async def _activity_ratings(services: Services) -> tuple[int, float | None]:
    """Every activity's 1–5 ratings together (the survey dimension "activities"); looked up
    when a report runs, since activities are wired after reports."""
    if services.activities is None:
        return (0, None)
    found = await services.activities.office.overall_rating()
    return (found.count, found.average)
