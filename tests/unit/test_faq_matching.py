"""The FAQ matcher and file format (issue 14): pure functions, no storage."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError
from bot.domain.faq.matching import FaqIndex, features
from bot.domain.faq.parsing import dump_article, parse_article
from bot.faq import default_articles, eval_set
from bot.faq.evaluate import evaluate

ARTICLE = """---
id: parking-card
template: true
title: {zh: "停车卡怎么办？", en: "How do I get a parking card?"}
keywords: {zh: [停车卡, 月卡], en: [parking card]}
---
到前台办理。
<!-- en -->
Ask at the front desk.
"""


def test_a_markdown_article_parses_and_dumps_back_to_the_same_article():
    article = parse_article(ARTICLE)
    assert article.slug == "parking-card" and article.template
    assert article.title["en"] == "How do I get a parking card?"
    assert article.body == {"zh": "到前台办理。", "en": "Ask at the front desk."}
    assert article.keywords == {"zh": ("停车卡", "月卡"), "en": ("parking card",)}
    assert parse_article(dump_article(article)) == article


def test_a_plain_yaml_article_with_the_body_in_front_matter():
    text = "id: wifi\ntitle: {zh: 网络, en: Internet}\nbody: {zh: 找运营商, en: Ask the ISP}\n"
    assert parse_article(text).body_in("en") == "Ask the ISP"


@pytest.mark.parametrize(
    "text, key",
    [
        ("---\nid: Bad Id\ntitle: {zh: a, en: b}\n---\nx\n<!-- en -->\ny", "faq.bad_id"),
        ("---\nid: ok\ntitle: {zh: a}\n---\nx\n<!-- en -->\ny", "faq.need_both"),
        ("---\nid: ok\ntitle: {zh: a, en: b}\n---\nonly chinese", "faq.need_both"),
        ("---\nid: [unclosed\n---\n", "faq.bad_yaml"),
        ("just words", "faq.bad_file"),
        (
            "---\nid: ok\ntitle: {zh: a, en: b}\nkeywords: 5\n---\nx\n<!-- en -->\ny",
            "faq.bad_keywords",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason(text, key):
    with pytest.raises(DomainError) as refused:
        parse_article(text)
    assert refused.value.key == key


def test_the_default_set_has_at_least_25_template_articles_in_both_languages():
    articles = default_articles()
    assert len(articles) >= 25
    assert all(a.template and set(a.title) == {"zh", "en"} for a in articles)
    assert all(a.body_in("zh") and a.body_in("en") and a.keywords for a in articles)


def test_chinese_is_read_as_bigrams_and_english_as_words_and_trigrams():
    bag = features("停车卡 parking")
    assert "b:停车" in bag and "b:车卡" in bag and "w:park" in bag and "t:#pa" in bag
    assert "b:怎么" not in features("怎么办")  # question words say nothing about the topic


@pytest.mark.parametrize(
    "question, slug",
    [
        ("停车卡怎么办", "parking-card"),
        ("快递放哪儿了", "parcels"),
        ("how do i pay the proprety fee", "fees-payment"),  # a typo
        ("装修要办啥手续啊", "renovation-permit"),
        ("my access card is lost", "access-card"),
        ("物业 office hours 几点", "office-hours"),  # mixed language
    ],
)
def test_questions_find_their_article(question, slug):
    found = FaqIndex(default_articles()).search(question)
    assert found and found[0].slug == slug


def test_a_question_no_article_answers_gets_nothing():
    index = FaqIndex(default_articles())
    assert index.search("明天天气怎么样") == []
    assert index.search("who won the football last night") == []
    assert index.search("") == [] and index.search("？？？") == []


def test_the_labelled_set_is_large_and_the_matcher_meets_its_goals():
    rows = eval_set()
    assert len(rows) >= 150 and sum(1 for _, e in rows if e == "none") >= 30
    known = {a.slug for a in default_articles()} | {"none"}
    assert {e for _, e in rows} <= known
    figures = evaluate()
    assert figures.precision_at_1 >= 0.8
    assert figures.wrong_rate < 0.10
