"""A strict, in-process fake of the Telegram Bot API HTTP server (see fake.py)."""

from .fake import FakeBotApi
from .html_entities import EntityParseError, html_to_plain, parse_html
from .models import ApiCall, ApiError, BotMessage, utf16_len
from .transcript import Transcript, TranscriptEntry

__all__ = [
    "ApiCall",
    "ApiError",
    "BotMessage",
    "EntityParseError",
    "FakeBotApi",
    "Transcript",
    "TranscriptEntry",
    "html_to_plain",
    "parse_html",
    "utf16_len",
]
