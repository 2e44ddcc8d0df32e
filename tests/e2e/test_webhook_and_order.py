"""Webhook intake (secret token, stored before the 200) and per-chat ordering under concurrency."""

from __future__ import annotations

import asyncio
import socket

import httpx

from bot.demo.live import live_bot
from tests.e2e.conftest import ALICE, ROSTER


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def update(update_id: int, text: str) -> dict:
    user = {"id": ALICE, "is_bot": False, "first_name": "Alice", "language_code": "zh"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_790_000_000,
            "text": text,
            "from": user,
            "chat": {"id": ALICE, "type": "private"},
        },
    }


async def test_webhook_checks_the_secret_and_handles_each_update_once(fake, settings, script):
    async with live_bot(settings, fake) as app:
        await app.bot_data["services"].roster.import_csv(ROSTER)
        await script.shares_phone(ALICE, "13800000001")
        durable = app.bot_data["updates"]
        await durable.stop()  # from here on updates arrive by webhook only
        port = free_port()
        await durable.start_webhook("https://bot.example.org", "s3cret-token", "127.0.0.1", port)
        assert fake.calls_to("setWebhook")[-1].params["secret_token"] == "s3cret-token"
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            forged = await client.post(
                url, json=update(800_001, "伪造"), headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
            )
            assert forged.status_code == 403
            bad = await client.post(
                url,
                content=b"{not json",
                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
            )
            assert bad.status_code == 400
            for _ in range(2):  # Telegram retries when it missed our 200: handled once
                ok = await client.post(
                    url,
                    json=update(800_002, "电梯不动了"),
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
                )
                assert ok.status_code == 200
        await fake.wait_for(
            lambda: "电梯不动了" in (fake.last_message(ALICE).text or ""), timeout=10
        )
        await fake.wait_idle()
        rows = await app.bot_data["db"].fetchall("SELECT text FROM drafts")
        assert [row[0] for row in rows] == ["电梯不动了"]
        assert sum("电梯不动了" in (m.text or "") for m in fake.chat_messages(ALICE)) == 1


async def test_a_chats_updates_run_in_order_while_other_chats_proceed(fake, settings):
    async with live_bot(settings, fake) as app:
        processor = app.update_processor
        seen: list[tuple[int, int]] = []
        started = asyncio.Event()

        async def slow(chat: int, n: int, delay: float) -> None:
            started.set()
            await asyncio.sleep(delay)
            seen.append((chat, n))

        def upd(chat: int) -> object:
            from telegram import Chat, Message, Update

            return Update(1, message=Message(1, None, Chat(chat, "private")))

        tasks = [
            asyncio.create_task(processor.process_update(upd(1), slow(1, n, 0.05 * (5 - n))))
            for n in range(5)
        ]
        await started.wait()
        tasks.append(asyncio.create_task(processor.process_update(upd(2), slow(2, 0, 0))))
        await asyncio.gather(*tasks)
        assert [n for chat, n in seen if chat == 1] == [
            0,
            1,
            2,
            3,
            4,
        ]  # in order despite shorter later work
        assert seen.index((2, 0)) < seen.index((1, 1))  # another chat did not wait for chat 1
