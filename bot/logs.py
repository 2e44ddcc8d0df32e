"""Logging set-up: quiet HTTP libraries, and secrets/phone numbers never reach a log line."""

from __future__ import annotations

import logging
import re

# Phone shapes only (11–15 digits, optional +, mainland mobiles with separators), so
# dates, times and ids survive.
_PHONE = re.compile(
    r"(?<![\d:.-])(\+?\d{11,15}|\+?86[ -]?1\d{2}[ -]?\d{4}[ -]?\d{4}|1\d{2}-\d{4}-\d{4})(?![\d:.-])"
)
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactingFilter(logging.Filter):
    """Masks bot tokens and phone numbers in every record, tracebacks included."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        text = _TOKEN.sub("***", text)
        return _PHONE.sub(lambda m: "***" + m.group(1)[-2:], text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info:
            # A traceback's frames and exception text can carry the token (URLs) or a phone.
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiosqlite at DEBUG prints every SQL parameter (phones, free text): never below WARNING.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
