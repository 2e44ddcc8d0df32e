"""Shared fixtures: settings on a temporary database, the real application offline."""

from __future__ import annotations

import pytest

from bot.app import build_application
from bot.config import load_settings
from tests.support.recording import RecordingRequest

MANAGER_ID = 900001
E2E_MANAGER_ID = 9001


@pytest.fixture
def settings(tmp_path):
    return load_settings(
        {
            "DATABASE_PATH": str(tmp_path / "propdesk.sqlite3"),
            "MANAGER_IDS": f"{MANAGER_ID},{E2E_MANAGER_ID}",
            "ESTATE_NAME": "阳光花园",
        }
    )


@pytest.fixture
async def offline_app(settings):
    """The real Application from the composition root, network answered by RecordingRequest."""
    request = RecordingRequest()
    app = build_application(settings, request=request, get_updates_request=RecordingRequest())
    await app.initialize()
    await app.post_init(app)
    app.recorded = request
    request.clear()
    yield app
    await app.shutdown()
    await app.post_shutdown(app)
