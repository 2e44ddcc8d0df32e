"""Community activities as people see them: the card (in the reader's language and the
estate's time), the managers' list as CSV / XLSX, and the door's check-in QR code (PNG)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, tzinfo

from bot.domain.activities.model import Activity, Attendee, Ratings
from bot.i18n import Raw, Translator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def local(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def when(activity: Activity, tz: tzinfo) -> str:
    starts, ends = activity.starts_at.astimezone(tz), activity.ends_at.astimezone(tz)
    end = ends.strftime("%H:%M") if ends.date() == starts.date() else local(ends, tz)
    return f"{starts.strftime('%Y-%m-%d %H:%M')}–{end}"


def card(t: Translator, lang: str, activity: Activity, tz: tzinfo) -> Raw:
    """The activity's card (HTML; everything typed is escaped by the translator)."""
    description = (
        t.t(lang, "activity.card_description", description=activity.description)
        if activity.description
        else ""
    )
    return Raw(
        t.t(
            lang,
            "activity.card",
            title=activity.title,
            description=Raw(description),
            place=activity.place,
            when=when(activity, tz),
            capacity=activity.capacity,
            left=activity.seats_left,
            deadline=local(activity.deadline, tz),
        )
    )


def rating_text(t: Translator, lang: str, ratings: Ratings) -> str:
    if ratings.average is None:
        return t.t(lang, "activity.rating_none")
    return t.t(lang, "activity.rating_value", average=ratings.average, count=ratings.count)


def _cell(value: object) -> object:
    """Spreadsheet-safe: a name typed as "=HYPERLINK(...)" stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def attendee_rows(
    t: Translator, lang: str, people: list[Attendee], tz: tzinfo
) -> list[list[object]]:
    header: list[object] = list(t.t(lang, "activity.export_header").split(","))
    rows: list[list[object]] = [header]
    for number, person in enumerate(people, start=1):
        rows.append(
            [
                number,
                t.t(lang, f"activity.seat.{person.seat.value}"),
                _cell(person.name),
                _cell(person.home),
                person.heads,
                local(person.attended_at, tz) if person.attended_at else "",
                person.rating if person.rating is not None else "",
            ]
        )
    return rows


def attendees_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def attendees_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "signups"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
