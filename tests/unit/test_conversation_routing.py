"""The one rule for where a resident's message goes (bot.domain.conversation.routing),
over the labelled conversation corpus and the cases from issue 10, both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.classifier import classify
from bot.domain.conversation.replies import looks_like_reply
from bot.domain.conversation.routing import (
    ActiveTicket,
    Message,
    OpenDraft,
    Registration,
    Situation,
    SurveyWait,
    Where,
    decide,
)
from bot.domain.surveys.definitions import Option, QType, Question, Text
from bot.domain.surveys.typed import typed_answer

CORPUS = Path("bot/classifier/data/conversation.jsonl")
PLUMBING = ActiveTicket(7, "repair", "plumbing")
RESOLVED = ActiveTicket(7, "repair", "plumbing", resolved=True)
RATING = Question("q1", QType.RATING, Text("满意度", "Satisfaction"))
YESNO = Question("q2", QType.YESNO, Text("是否需要回访", "Call back?"))
SINGLE = Question(
    "q3",
    QType.SINGLE,
    Text("渠道", "Channel"),
    options=(Option("app", Text("小程序", "Mini app")), Option("desk", Text("前台", "Front desk"))),
)


def message(text: str) -> Message:
    result = classify(text)
    return Message(text, False, result.kind, result.category, result.confidence)


def situation(text: str, context: str) -> Situation:
    """The snapshot the router would gather for one labelled line."""
    if context.startswith("survey_"):
        question = RATING if context == "survey_rating" else YESNO
        wait = (
            SurveyWait.MATCHED if typed_answer(question, text) is not None else SurveyWait.UNMATCHED
        )
        return Situation(message(text), survey=wait)
    tickets = (RESOLVED,) if context == "resolved" else (PLUMBING,)
    return Situation(message(text), conversations=tickets)


ROUTES = {
    "thread": Where.THREAD,
    "confirm": Where.CONFIRM,
    "new_request": Where.INTAKE,
    "survey_answer": Where.SURVEY_ANSWER,
}


def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]


def test_the_corpus_is_labelled_in_both_languages_and_every_route():
    rows = corpus()
    assert len(rows) >= 60
    assert {r["lang"] for r in rows} == {"zh", "en"}
    assert {r["route"] for r in rows} == set(ROUTES)


def test_every_labelled_conversation_message_routes_as_labelled():
    rows = corpus()
    wrong = [
        (r["text"], r["route"], decide(situation(r["text"], r["context"])).where.value)
        for r in rows
        if decide(situation(r["text"], r["context"])).where is not ROUTES[r["route"]]
    ]
    accuracy = 1 - len(wrong) / len(rows)
    print(f"conversation routing accuracy: {accuracy:.1%} over {len(rows)} lines")
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    ["好的谢谢", "修好了", "还在漏", "I'm in 1202", "It's 1202 right above me", "谢谢师傅",
     "ok see you at 3", "好的好的 谢谢师傅 我关了", "修好了 谢谢李师傅"],
)  # fmt: skip
def test_answers_to_staff_are_replies_and_join_the_thread(text):
    assert looks_like_reply(text)
    assert decide(Situation(message(text), conversations=(PLUMBING,))).where is Where.THREAD


@pytest.mark.parametrize(
    "text", ["另外楼道灯坏了", "另外物业费怎么交", "Also the corridor light on floor 3 is broken"]
)
def test_clearly_new_requests_leave_the_conversation(text):
    assert not looks_like_reply(text)
    assert decide(Situation(message(text), conversations=(PLUMBING,))).where is Where.INTAKE


def test_thanks_after_a_resolution_is_the_rating_prompt_and_a_complaint_is_not():
    thanks = decide(Situation(message("修好了 谢谢李师傅"), conversations=(RESOLVED,)))
    assert (thanks.where, thanks.ticket_id) == (Where.CONFIRM, 7)
    still = decide(Situation(message("还是在漏"), conversations=(RESOLVED,)))
    assert still.where is Where.THREAD


def test_several_active_tickets_ask_which_one():
    other = ActiveTicket(9, "repair", "electrical")
    route = decide(Situation(message("好的谢谢"), conversations=(PLUMBING, other)))
    assert (route.where, route.candidates) == (Where.CHOOSE_TICKET, (7, 9))


def test_no_conversation_means_a_new_request():
    assert decide(Situation(message("厨房水管一直滴水"))).where is Where.INTAKE


def test_a_different_kind_while_a_draft_is_open_asks_and_the_same_kind_joins():
    draft = OpenDraft(3, "repair", "plumbing")
    ask = decide(Situation(message("另外物业费怎么交"), draft=draft))
    assert (ask.where, ask.draft_id) == (Where.DRAFT_CHOICE, 3)
    assert decide(Situation(message("还有 卫生间也漏"), draft=draft)).where is Where.INTAKE
    assert decide(Situation(message("How do I pay the property fee?"), draft=draft)).where is (
        Where.DRAFT_CHOICE
    )


def test_an_unsure_reading_of_another_kind_is_asked_about_too():
    """Never merged silently: a low-confidence reading of another kind still asks, unless the
    words read as an addition to what is open."""
    draft = OpenDraft(3, "repair", "plumbing")
    unsure = Message("物业那边的收据我一直没拿到", False, "inquiry", "fees", 0.3)
    assert decide(Situation(unsure, draft=draft)).where is Where.DRAFT_CHOICE
    for words in ("二楼也是", "在三楼", "on the 3rd floor", "near the lift"):
        addition = Message(words, False, "inquiry", "other", 0.3)
        assert decide(Situation(addition, draft=draft)).where is Where.INTAKE, words


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        (RATING, "4", 4), (RATING, "Satisfied", 4), (RATING, "满意", 4), (RATING, "非常满意", 5),
        (RATING, "5分", 5), (RATING, "4 · 满意", 4), (RATING, "⭐⭐⭐", 3), (RATING, "9", None),
        (RATING, "pretty good I guess", None), (YESNO, "否", False), (YESNO, "是", True),
        (YESNO, "no", False), (YESNO, "Y", True), (YESNO, "不是", False),
        (SINGLE, "前台", "desk"), (SINGLE, "Mini app", "app"), (SINGLE, "电话", None),
    ],
)  # fmt: skip
def test_typed_survey_answers_map_like_a_press(question, text, value):
    assert typed_answer(question, text) == value


def test_a_survey_waiting_takes_answers_reminds_for_requests_and_asks_to_tap_otherwise():
    assert decide(Situation(message("4"), survey=SurveyWait.MATCHED)).where is Where.SURVEY_ANSWER
    unclear = Situation(message("pretty good I guess"), survey=SurveyWait.UNMATCHED)
    assert decide(unclear).where is Where.SURVEY_UNCLEAR
    request = decide(Situation(message("厨房水管一直滴水"), survey=SurveyWait.UNMATCHED))
    assert (request.where, request.survey_waiting) == (Where.INTAKE, True)


def test_steps_replies_and_registration_come_first():
    text = message("好的谢谢")
    assert decide(Situation(text, in_step=True, conversations=(PLUMBING,))).where is Where.STEP
    linked = decide(Situation(text, linked_ticket=4, conversations=(PLUMBING,)))
    assert (linked.where, linked.ticket_id) == (Where.LINKED, 4)
    pending = Situation(text, registration=Registration.PENDING)
    assert decide(pending).where is Where.PENDING
    home = Situation(text, registration=Registration.AWAITING_CONTACT, text_is_home=True)
    assert decide(home).where is Where.ONBOARDING
    assert decide(Situation(text, registration=Registration.NONE)).where is Where.POINTER


def test_words_on_a_fresh_emergency_join_it_but_a_new_matter_does_not():
    fresh = ActiveTicket(5, "repair", "plumbing")
    same = decide(Situation(message("已经关了总阀"), emergency=fresh))
    assert (same.where, same.new_request) == (Where.INTAKE, False)  # the intake joins it
    other = decide(Situation(message("另外物业费怎么交"), emergency=fresh))
    assert (other.where, other.new_request) == (Where.INTAKE, True)
