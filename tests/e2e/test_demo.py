"""The README's quick start without a token runs the offline demo: the real application
against the fake Bot API, a scripted morning at the desk. It must finish cleanly (exit 0 means
the bot never got an error from the Bot API) and show what each scene is there to show."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


async def test_the_offline_demo_plays_the_whole_morning_cleanly(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["DATABASE_PATH"] = str(tmp_path / "unused.sqlite3")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--lang",
        "zh",
        cwd=tmp_path,  # no stray .env is read
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    transcript = out.decode("utf-8", "replace")
    assert process.returncode == 0, transcript[-3000:]
    for scene in (
        "[张阿姨 → bot] 二楼和三楼都不亮",  # an answer to staff typed without Reply…
        "💬 住户补充（#1）：\n    二楼和三楼都不亮",  # …reaches the ticket's thread
        "✅ 已送达住户（#1）",  # staff see that their words arrived
        "📣 事件 · 8栋 · 停水 · 6 户报告",  # six reports of one outage: one incident card
        "这些能解答您的问题吗",  # a question answered by an FAQ article first
        "[bot → 张阿姨] ✅ 报名成功：「周六亲子手工：做灯笼」，2 人",  # an activity sign-up
        "物品放行申请 #1",  # 张阿姨's item release pass reaches the staff group…
        "[门岗老周 → bot] /start gp_1_",  # …the guard opens its QR link…
        "✅ 已放行：老周",  # …and lets the items through once
    ):
        assert scene in transcript, scene
