"""RedactingFilter: bot tokens and phone numbers never reach a log line."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import RedactingFilter, configure_logging

# Built at run time so no token-shaped literal sits in the repository (secret scanners).
TOKEN = "123456789" + ":" + "fakeToken" * 4
PHONES = ["+86 138-0000-0001", "13800000001", "+8613800000001", "008613800000001"]


@pytest.fixture
def capture():
    """A real logger whose handler carries the filter and writes to a StringIO."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter((TOKEN,)))
    logger = logging.getLogger("tests.unit.test_logs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.handlers.clear()


def test_token_in_args_is_masked(capture):
    logger, stream = capture
    logger.info("starting with %s at %s", TOKEN, f"https://api.telegram.org/bot{TOKEN}/getMe")
    out = stream.getvalue()
    assert TOKEN not in out
    assert TOKEN.split(":")[1] not in out
    assert out.startswith("INFO tests.unit.test_logs: starting with ***")


def test_unknown_token_shape_is_masked_without_being_configured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("tests.unit.test_logs.bare")
    logger.handlers[:] = [handler]
    logger.propagate = False
    other = "987654321" + ":" + "otherFake" * 4
    logger.warning("token=%s", other)
    assert other.split(":")[1] not in stream.getvalue()
    logger.handlers.clear()


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_masked(capture, phone):
    logger, stream = capture
    logger.warning("contact from %s for home %s", phone, "3-2-1102")
    out = stream.getvalue()
    assert phone not in out
    assert "00000" not in out
    assert "***01" in out  # the last two digits stay, to tell records apart
    assert "3-2-1102" in out  # short numbers are not phones


def test_phone_in_the_format_string_itself_is_masked(capture):
    logger, stream = capture
    logger.error(f"bad contact 13800000001 and token {TOKEN}")
    out = stream.getvalue()
    assert "13800000001" not in out and TOKEN not in out


def test_ordinary_text_is_untouched(capture):
    logger, stream = capture
    logger.info("ticket %d accepted by %s", 42, "王芳")
    assert stream.getvalue() == "INFO tests.unit.test_logs: ticket 42 accepted by 王芳\n"


def test_tracebacks_are_redacted_too(capture):
    logger, stream = capture
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage to 13800000001")
    except RuntimeError:
        logger.exception("send failed")
    out = stream.getvalue()
    assert "send failed" in out
    assert TOKEN not in out
    assert "13800000001" not in out


def test_dates_in_messages_survive(capture):
    logger, stream = capture
    logger.info("backup at %s", "2025-03-01 12:00:00")
    assert "2025-03-01 12:00:00" in stream.getvalue()


def test_configure_logging_installs_the_filter_and_quiets_httpx(monkeypatch):
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_httpx = logging.getLogger("httpx").level
    try:
        configure_logging("INFO", (TOKEN,))
        [handler] = root.handlers
        assert any(isinstance(f, RedactingFilter) for f in handler.filters)
        assert root.level == logging.INFO
        assert logging.getLogger("httpx").level == logging.WARNING
        stream = io.StringIO()
        monkeypatch.setattr(handler, "stream", stream)
        logging.getLogger("tests.unit.root").info("token %s phone %s", TOKEN, "13800000001")
        assert TOKEN not in stream.getvalue() and "13800000001" not in stream.getvalue()
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        logging.getLogger("httpx").setLevel(saved_httpx)


def test_aiosqlite_never_logs_sql_parameters_even_at_debug():
    root, sql = logging.getLogger(), logging.getLogger("aiosqlite")
    saved_handlers, saved_level, saved_sql = root.handlers[:], root.level, sql.level
    try:
        configure_logging("DEBUG", (TOKEN,))
        assert root.level == logging.DEBUG
        assert not sql.isEnabledFor(logging.DEBUG)  # it prints every query's parameters
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        sql.setLevel(saved_sql)
