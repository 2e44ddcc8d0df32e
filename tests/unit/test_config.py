"""load_settings: defaults, every key, and a ConfigError naming the key for bad values."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import time
from pathlib import Path

import pytest

import bot.config
from bot.config import DEFAULT_BASE_FILE_URL, DEFAULT_BASE_URL, ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]
CONFIG_SOURCE = Path(bot.config.__file__).read_text("utf-8")
# Every way bot/config.py reads a key: env.get("KEY" …) and helper(env, "KEY" …).
READ_KEY = re.compile(r'env\.get\(\s*"([A-Z][A-Z0-9_]*)"|_\w+\(\s*env\s*,\s*"([A-Z][A-Z0-9_]*)"')
# Built at run time so no token-shaped literal sits in the repository (secret scanners).
TOKEN = "123456789" + ":" + "fake-" * 7


def keys_in_config_source() -> set[str]:
    """Keys named literally in bot/config.py."""
    return {a or b for a, b in READ_KEY.findall(CONFIG_SOURCE)}


class RecordingEnv(Mapping):
    """An empty environment that remembers every key load_settings asks it for."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getitem__(self, key):
        self.asked.add(key)
        raise KeyError(key)

    def get(self, key, default=None):
        self.asked.add(key)
        return default

    def __contains__(self, key):
        self.asked.add(key)
        return False

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0


def keys_observed_at_run_time() -> set[str]:
    """Keys load_settings reads, including those its helpers (SLA, business hours) build
    with f-strings in other modules. load_settings copies its mapping with `dict(...)`,
    so for this one call that name is pointed at the identity function."""
    env = RecordingEnv()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bot.config, "dict", lambda mapping: mapping, raising=False)
        load_settings(env)
    return env.asked


def keys_read_by_load_settings() -> set[str]:
    return keys_in_config_source() | keys_observed_at_run_time()


def test_defaults():
    s = load_settings({})
    assert s.token is None
    assert s.base_url == DEFAULT_BASE_URL == "https://api.telegram.org/bot"
    assert s.base_file_url == DEFAULT_BASE_FILE_URL
    assert s.database_path == Path("data/propdesk.sqlite3")
    assert s.manager_ids == frozenset()
    assert s.staff_chat_id is None
    assert s.estate_name == ""
    assert s.timezone == "Asia/Shanghai"
    assert s.tz.key == "Asia/Shanghai"
    assert s.default_language == "zh"
    assert s.log_level == "INFO"
    assert s.invite_ttl_hours == 72
    assert (s.quiet_start, s.quiet_end) == (time(21, 0), time(8, 0))


def test_blank_values_mean_defaults():
    env = {key: "  " for key in keys_read_by_load_settings()}
    assert load_settings(env) == load_settings({})


def test_does_not_read_os_environ_when_given_a_mapping(monkeypatch):
    monkeypatch.setenv("ESTATE_NAME", "from the process")
    assert load_settings({}).estate_name == ""
    assert load_settings().estate_name == "from the process"


def test_every_key_is_parsed():
    s = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": f" {TOKEN} ",
            "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_BASE_FILE_URL": "http://127.0.0.1:8081/file/bot",
            "DATABASE_PATH": "/var/lib/propdesk/db.sqlite3",
            "MANAGER_IDS": "11, 22,33,",
            "STAFF_CHAT_ID": "-1001234567890",
            "ESTATE_NAME": "阳光花园",
            "TIMEZONE": "Europe/Berlin",
            "DEFAULT_LANGUAGE": "en",
            "LOG_LEVEL": "debug",
            "INVITE_TTL_HOURS": "24",
            "QUIET_HOURS_START": "22:30",
            "QUIET_HOURS_END": "07:15",
            "AUTO_CLOSE_DAYS": "5",
        }
    )
    assert s.token == TOKEN
    assert s.base_url == "http://127.0.0.1:8081/bot"
    assert s.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert s.database_path == Path("/var/lib/propdesk/db.sqlite3")
    assert s.manager_ids == frozenset({11, 22, 33})
    assert s.staff_chat_id == -1001234567890
    assert s.estate_name == "阳光花园"
    assert s.timezone == "Europe/Berlin"
    assert s.default_language == "en"
    assert s.log_level == "DEBUG"
    assert s.invite_ttl_hours == 24
    assert (s.quiet_start, s.quiet_end) == (time(22, 30), time(7, 15))
    assert s.auto_close_days == 5


@pytest.mark.parametrize(
    "key,value",
    [
        ("MANAGER_IDS", "1,x"),
        ("MANAGER_IDS", "1;2"),
        ("STAFF_CHAT_ID", "abc"),
        ("STAFF_CHAT_ID", "12.5"),
        ("TIMEZONE", "Mars/Base"),
        ("TIMEZONE", "../../etc/passwd"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_BASE_URL", "ftp://x"),
        ("TELEGRAM_BASE_FILE_URL", "api.telegram.org/file/bot"),
        ("INVITE_TTL_HOURS", "0"),
        ("INVITE_TTL_HOURS", "-3"),
        ("INVITE_TTL_HOURS", "three"),
        ("QUIET_HOURS_START", "25:00"),
        ("QUIET_HOURS_END", "8pm"),
        ("AUTO_CLOSE_DAYS", "0"),
        ("AUTO_CLOSE_DAYS", "soon"),
    ],
)
def test_malformed_value_raises_config_error_naming_the_key(key, value):
    with pytest.raises(ConfigError) as caught:
        load_settings({key: value})
    assert key in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "token",
    [
        "SECRETSECRETSECRET",
        "abc:SECRETSECRETSECRET",
        ":SECRETSECRETSECRET",
        "123456:",
        "12x34:SECRETSECRETSECRET",
    ],
)
def test_malformed_token_is_never_echoed(token):
    with pytest.raises(ConfigError) as caught:
        load_settings({"TELEGRAM_BOT_TOKEN": token})
    message = str(caught.value)
    assert "TELEGRAM_BOT_TOKEN" in message
    assert token not in message
    secret = token.partition(":")[2] or token
    if secret:
        assert secret not in message
    assert token not in repr(caught.value.args)


def test_settings_are_frozen():
    s = load_settings({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.token = "1:x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.manager_ids = frozenset({1})  # type: ignore[misc]
    assert isinstance(s.manager_ids, frozenset)


def test_the_key_scan_finds_the_keys_we_know_about():
    """Keeps the scans honest: if they stopped matching, the .env.example tests would be vacuous."""
    assert keys_in_config_source() <= keys_observed_at_run_time()
    assert {
        "TELEGRAM_BOT_TOKEN",
        "MANAGER_IDS",
        "STAFF_CHAT_ID",
        "TIMEZONE",
        "INVITE_TTL_HOURS",
        "QUIET_HOURS_START",
    } <= keys_read_by_load_settings()


def env_example_keys() -> dict[str, int]:
    path = ROOT / ".env.example"
    assert path.exists(), ".env.example is missing at the repository root"
    found = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        match = re.match(r"^\s*#?\s*([A-Z][A-Z0-9_]*)\s*=", line)
        if match:
            found[match.group(1)] = number
    return found


def test_env_example_lists_every_key_load_settings_reads():
    missing = keys_read_by_load_settings() - env_example_keys().keys()
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_env_example_has_no_keys_that_nothing_reads():
    stale = env_example_keys().keys() - keys_read_by_load_settings()
    assert not stale, f".env.example lists keys bot/config.py never reads: {sorted(stale)}"


def test_every_env_example_key_has_a_comment_above_it():
    lines = (ROOT / ".env.example").read_text("utf-8").splitlines()
    for key, number in env_example_keys().items():
        above = lines[: number - 1]
        # walk up over other keys of the same block to the nearest non-key line
        index = len(above) - 1
        while index >= 0 and re.match(r"^[A-Z][A-Z0-9_]*=", above[index]):
            index -= 1
        assert index >= 0 and above[index].lstrip().startswith("#"), f"{key} has no comment"


def test_env_example_values_load():
    """The example file itself, as shipped, is a valid configuration."""
    env = {}
    for line in (ROOT / ".env.example").read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    settings = load_settings(env)
    assert settings.token is None
