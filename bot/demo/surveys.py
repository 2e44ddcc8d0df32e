"""The demo's survey scene: a manager launches a short survey with /survey, residents answer
(or decline), and the manager reads the results with the chart."""

from __future__ import annotations

DEMO_SURVEY = """\
id: after_repair
title: {zh: 报修服务回访, en: Repair follow-up}
intro: {zh: 三个问题，帮助我们把维修做得更好。, en: "Three questions to help us repair better."}
dimensions: {repair: {zh: 维修服务, en: Repair service}}
questions:
  - {id: repair, type: rating, dimension: repair, text: {zh: 您对最近一次维修满意吗？, en: "Happy with your last repair?"}}
  - id: improve
    type: text
    required: false
    text: {zh: 有什么建议吗？（直接输入文字，或跳过）, en: "Any suggestion? (type it, or skip)"}
  - {id: nps, type: nps, text: {zh: 您会向邻居推荐我们的维修服务吗？, en: "Would you recommend our repairs to a neighbour?"}}
"""


async def survey_scene(script, app, manager: int, resident: int, english: int) -> None:
    fake = script.fake
    surveys = app.bot_data["services"].surveys
    await surveys.import_text(manager, DEMO_SURVEY)
    # The manager launches it step by step with /survey.
    await script.says(manager, "/survey")
    for button in ("报修服务回访（v1）", "全体住户", "立即", "不重复", "7 天", "1 次", "实名"):
        await script.presses(manager, manager, button)
    await script.presses(manager, manager, "🚀 发起")
    # The schedule job sends the invitations within seconds.
    await fake.wait_for(lambda: _invited(fake, resident) and _invited(fake, english), timeout=15)
    await fake.wait_idle(quiet=0.3)
    await script.presses(resident, resident, "▶️ 开始")
    await script.presses(resident, resident, "5 · 非常满意")
    await script.says(resident, "希望维修前能提前电话告知上门时间")
    await script.presses(resident, resident, "10")
    await script.presses(resident, resident, "✅ 提交")
    await script.presses(english, english, "🙅 No thanks")
    await script.says(manager, "/survey_results 1")
    await fake.wait_for(lambda: fake.last_message(manager).kind == "photo", timeout=30)
    await fake.wait_idle(quiet=0.5)


def _invited(fake, chat: int) -> bool:
    return any(
        any(d.startswith("sv:go:") for d in m.callback_data()) for m in fake.chat_messages(chat)
    )
