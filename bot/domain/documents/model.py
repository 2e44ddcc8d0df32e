"""Documents the office discloses (信息公示): one per title, each replacement a new version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.domain.errors import DomainError

CATEGORIES = ("rules", "standards", "fees", "finance", "fund", "contracts")
# 管理规约, 服务标准, 收费标准, 财务收支, 维修资金, 合同
MAX_TITLE = 100
MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may download; larger files cannot be checked
MIME_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "image/jpeg": "jpg",
    "image/png": "png",
}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class Step(StrEnum):
    CATEGORY = "category"
    TITLE = "title"
    FILE = "file"
    DATE = "date"
    NOTICE = "notice"
    CONFIRM = "confirm"

    @property
    def wants_input(self) -> bool:
        return self in (Step.TITLE, Step.FILE, Step.DATE)


@dataclass(frozen=True)
class DocFile:
    file_id: str
    file_name: str
    mime: str
    size: int
    kind: str  # "document" or "photo": how it is sent back


def check_file(file: DocFile) -> DocFile:
    if file.mime not in MIME_TYPES:
        raise DomainError("docs.bad_type")
    if file.size > MAX_FILE_BYTES or file.size < 0:
        raise DomainError("docs.too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
    return file


def check_title(text: str) -> str:
    title = " ".join((text or "").split())
    if not title:
        raise DomainError("docs.need_title")
    if len(title) > MAX_TITLE:
        raise DomainError("docs.title_too_long", limit=MAX_TITLE)
    return title


def parse_date(text: str, today: date) -> date:
    """2025-03-01, 2025/3/1, 2025年3月1日, or 今天 / today."""
    text = (text or "").strip().lower()
    if text in ("今天", "today"):
        return today
    found = _DATE.match(text)
    if found is None:
        raise DomainError("docs.bad_date")
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise DomainError("docs.bad_date") from None


@dataclass(frozen=True)
class Version:
    version: int
    file: DocFile
    effective_on: date
    published_at: datetime


@dataclass(frozen=True)
class Document:
    id: int
    category: str
    title: str
    created_at: datetime
    views: int
    current: Version


@dataclass(frozen=True)
class PublishDraft:
    """A manager's /publish_doc so far (one per manager, stored so a restart loses nothing)."""

    user_id: int
    step: Step
    category: str | None = None
    title: str | None = None
    file: DocFile | None = None
    effective_on: date | None = None
    notice: bool = False
    updated_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
