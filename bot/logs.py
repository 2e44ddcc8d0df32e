"""Logging set-up: quiet HTTP libraries, and secrets/phone numbers never reach a log line."""

from __future__ import annotations

import logging
import re

_PHONE = re.compile(r"(?<!\d)(\+?\d[\d\- ]{8,}\d)(?!\d)")
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactingFilter(logging.Filter):
    """Masks bot tokens and phone-number-like digit runs in every record."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "***")
        message = _TOKEN.sub("***", message)
        message = _PHONE.sub(lambda m: "***" + m.group(1)[-2:], message)
        record.msg, record.args = message, None
        return True


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
