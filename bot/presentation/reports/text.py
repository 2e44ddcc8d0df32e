"""The report as compact chat sections (HTML), each with the drill-downs behind its figures."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.reports.model import Hotspot, Report, Timing
from bot.domain.reports.stats import change, share
from bot.i18n import Raw, Translator
from bot.presentation.reports.drills import hot_drills, missed_drills, slow_drills, volume_drills

MAX_ITEMS = 8


@dataclass(frozen=True)
class Section:
    name: str
    text: str
    drills: tuple[str, ...]


def duration(seconds: float | None, t: Translator, lang: str) -> str:
    if seconds is None:
        return "–"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes}{t.t(lang, 'report.unit_m')}"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f}{t.t(lang, 'report.unit_h')}"
    return f"{minutes / 1440:.1f}{t.t(lang, 'report.unit_d')}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:g}%"


def signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+g}%"


def _items(pairs: dict[str, tuple[int, int]], label) -> str:
    shown = list(pairs.items())[:MAX_ITEMS]
    return ", ".join(f"{label(k)} {a} ({signed(change(a, b))})" for k, (a, b) in shown) or "–"


def sections(report: Report, t: Translator, lang: str) -> list[Section]:
    return [
        Section("head", _head(report, t, lang), ()),
        Section("volume", _volume(report, t, lang), volume_drills(report)),
        Section("speed", _speed(report, t, lang), ("breached", *slow_drills(report))),
        Section("quality", _quality(report, t, lang), ("reopened", "lowrated")),
        Section("hotspots", _hotspots(report, t, lang), ("hot", *hot_drills(report))),
        *([Section("people", _people(report, t, lang), ())] if report.people else []),
        Section("mirror", _mirror(report, t, lang), ()),  # one button per weak area
        Section("targets", _targets(report, t, lang), missed_drills(report)),
    ]


def _head(r: Report, t: Translator, lang: str) -> str:
    prev = r.period.previous()
    building = t.t(lang, "report.building", building=r.building) if r.building else ""
    return t.t(
        lang, "report.head", first=str(r.period.first), last=str(r.period.last),
        days=r.period.days, building=Raw(building), prev_first=str(prev.first),
        prev_last=str(prev.last),
    )  # fmt: skip


def _volume(r: Report, t: Translator, lang: str) -> str:
    v = r.volume
    lines = [
        t.t(
            lang, "report.volume", created=v.created, created_change=signed(change(v.created, v.previous[0])),
            resolved=v.resolved, resolved_change=signed(change(v.resolved, v.previous[1])),
            closed=v.closed, cancelled=v.cancelled, backlog=v.backlog, overdue=v.overdue,
        ),
        t.t(lang, "report.by_kind", items=_items(v.by_kind, lambda k: t.t(lang, f"kind.{k}"))),
        t.t(lang, "report.by_category",
            items=_items(v.by_category, lambda k: t.t(lang, f"category.{k}"))),
    ]  # fmt: skip
    if r.building is None and v.by_building:
        lines.append(t.t(lang, "report.by_building", items=_items(v.by_building, str)))
    if v.oldest:
        oldest = ", ".join(f"#{i} {day}" for i, day in v.oldest)
        lines.append(t.t(lang, "report.oldest", items=oldest))
    return "\n".join(lines)


def _timing(timing: Timing | None, t: Translator, lang: str) -> str:
    if timing is None or not timing.wall.count:
        return t.t(lang, "report.speed_none")
    w, b = timing.wall, timing.business
    wall = f"{duration(w.median, t, lang)} / {duration(w.p90, t, lang)}"
    work = f"{duration(b.median, t, lang)} / {duration(b.p90, t, lang)}"
    return f"{wall} ({work}) n={w.count}"


def _speed(r: Report, t: Translator, lang: str) -> str:
    s = r.speed
    lines = [t.t(lang, "report.speed")]
    for group in ("all", "urgent", "repair", "complaint", "inquiry"):
        if group not in s.response and group not in s.resolution:
            continue
        label = t.t(
            lang, f"report.group_{group}" if group in ("all", "urgent") else f"kind.{group}"
        )
        lines.append(
            t.t(
                lang, "report.speed_line", group=label,
                resp=_timing(s.response.get(group), t, lang),
                res=_timing(s.resolution.get(group), t, lang),
            )
        )  # fmt: skip
    (r_met, r_due), (s_met, s_due) = s.response_met, s.resolution_met
    lines.append(
        t.t(
            lang, "report.met", response=percent(share(r_met, r_due)), r_met=r_met, r_due=r_due,
            resolution=percent(share(s_met, s_due)), s_met=s_met, s_due=s_due,
        )
    )  # fmt: skip
    if s.breaches_by_category:
        items = ", ".join(
            f"{t.t(lang, f'category.{k}')} {n}"
            for k, n in sorted(s.breaches_by_category.items(), key=lambda kv: -kv[1])
        )
        lines.append(t.t(lang, "report.breaches", items=items))
    return "\n".join(lines)


def _quality(r: Report, t: Translator, lang: str) -> str:
    q = r.quality
    per = f"{q.handovers / q.resolved:.2f}" if q.resolved else "–"
    dist = " ".join(f"{k}★{q.ratings.get(k, 0)}" for k in range(5, 0, -1))
    return "\n".join(
        (
            t.t(
                lang, "report.quality", resolved=q.resolved, one_touch=q.one_touch,
                one_touch_share=percent(share(q.one_touch, q.resolved)), reopened=q.reopened,
                reopen_share=percent(share(q.reopened, q.resolved)), handovers=per,
            ),
            t.t(
                lang, "report.ratings", rated=q.rated,
                average="–" if q.average is None else f"{q.average:g}",
                good=percent(share(q.good, q.rated)), dist=dist,
            ),
        )
    )  # fmt: skip


def _hotspots(r: Report, t: Translator, lang: str) -> str:
    h = r.hotspots
    lines = [t.t(lang, "report.hotspots", least=r.hotspot_min)]
    homes = [spot for spot in h.spots if spot.scope == "home"]
    lines += [_spot(spot, t, lang) for spot in homes[:MAX_ITEMS]]
    if not homes:
        lines.append(t.t(lang, "report.none"))
    lines += scoped_hotspots(r, t, lang)
    if h.reporters:
        items = ", ".join(f"{p.name or p.resident_id} ×{len(p.tickets)}" for p in h.reporters[:5])
        lines.append(t.t(lang, "report.reporters", items=items))
    days = t.t(lang, "report.weekday")
    cells = sorted(
        ((n, d, hour) for d, row in enumerate(h.heatmap) for hour, n in enumerate(row) if n),
        reverse=True,
    )[:3]
    if cells:
        items = ", ".join(f"{days[d]} {hour:02d}:00 ({n})" for n, d, hour in cells)
        lines.append(t.t(lang, "report.busiest", items=items))
    return "\n".join(lines)


def _spot(spot: Hotspot, t: Translator, lang: str) -> str:
    ids = " ".join(f"#{i}" for i in spot.tickets[:MAX_ITEMS])
    place = spot.place
    if spot.scope == "building":
        place = t.t(lang, "report.place_building", building=spot.place)
    return t.t(
        lang, "report.hotspot_line", place=place,
        category=t.t(lang, f"category.{spot.category}"), count=len(spot.tickets), ids=ids,
    )  # fmt: skip


def scoped_hotspots(r: Report, t: Translator, lang: str) -> list[str]:
    """Unit and building hotspots, each under its own threshold (only when there are any)."""
    lines = []
    for scope, least in (("unit", r.hotspot_min_unit), ("building", r.hotspot_min_building)):
        spots = [spot for spot in r.hotspots.spots if spot.scope == scope]
        if spots:
            lines.append(t.t(lang, f"report.hotspots_{scope}", least=least))
            lines += [_spot(spot, t, lang) for spot in spots[:MAX_ITEMS]]
    return lines


def _people(r: Report, t: Translator, lang: str) -> str:
    lines = [t.t(lang, "report.people")]
    for p in r.people[:20]:
        met, done = p.met
        lines.append(
            t.t(
                lang, "report.person", name=p.name or str(p.staff_id), taken=p.taken,
                resolved=p.resolved, handed=p.handed_over,
                median=duration(p.median_resolution, t, lang), met=percent(share(met, done)),
                rating="–" if p.rating is None else f"{p.rating:g}",
            )
        )  # fmt: skip
    return "\n".join(lines)


def _targets(r: Report, t: Translator, lang: str) -> str:
    lines = [t.t(lang, "report.targets")]
    for target in r.targets:
        mark = {True: "✅", False: "❌", None: "➖"}[target.met]
        label = t.t(lang, f"report.target_{target.key}", limit=target.limit)
        lines.append(
            t.t(
                lang, "report.target_line", mark=mark, label=label,
                value=percent(target.value), goal=target.goal,
            )
        )  # fmt: skip
    return "\n".join(lines)


def _mirror(r: Report, t: Translator, lang: str) -> str:
    m = r.mirror
    if m is None:
        return t.t(lang, "report.mirror_none")
    anonymous = t.t(lang, "report.mirror_anonymous") if m.anonymous else ""
    lines = [
        t.t(lang, "report.mirror", id=m.campaign_id, title=m.titles.get(lang, ""),
            anonymous=Raw(anonymous))
    ]  # fmt: skip
    for row in m.rows:
        lines.append(
            t.t(
                lang, "report.mirror_line", dimension=row.labels.get(lang, row.dimension),
                rate=percent(row.rate), change=_points(row.change),
                tickets="–" if row.tickets is None else row.tickets, met=percent(row.met),
            )
        )  # fmt: skip
        if row.dimension == "activities" and m.activity_ratings and m.activity_ratings[0]:
            count, average = m.activity_ratings
            lines.append(
                t.t(lang, "report.mirror_activities", count=count, average=f"{average:.1f}")
            )
    if m.weakest:
        lines.append(t.t(lang, "report.mirror_weak_head"))
    for row in m.weakest:
        lines.append(
            t.t(
                lang, "report.mirror_weak", dimension=row.labels.get(lang, row.dimension),
                rate=percent(row.rate), tickets=row.tickets, met=percent(row.met),
            )
        )  # fmt: skip
    return "\n".join(lines)


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:+g}"
