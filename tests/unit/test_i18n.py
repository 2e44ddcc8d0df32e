"""Catalogs: same keys and placeholders in zh and en, escaping, language choice, no dangling keys."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.i18n import LANGUAGES, Raw, Translator, load_catalog, normalise_language, placeholders

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = load_catalog("zh"), load_catalog("en")
KEY_LITERAL = re.compile(
    r"((?:menu|onboarding|invite|role|registration|staff|roles|profile|language|help|error|cmd"
    r"|roster|cli)\.[a-z_]+)"
)
# Keys built with f-strings in handlers (f"role.{x}", f"help.{x}", …): their concrete variants.
DYNAMIC_VARIANTS = [
    "role.resident",
    "role.staff",
    "role.manager",
    "role.none",
    "help.unregistered",
    "help.resident",
    "help.staff",
    "help.manager",
    "registration.approved_by",
    "registration.rejected_by",
    "registration.withdrawn_by",
    "roles.granted_you_staff",
    "roles.granted_you_manager",
    "language.zh",
    "language.en",
]


@pytest.fixture(scope="module")
def translator():
    return Translator("zh")


def test_both_catalogs_have_the_same_keys():
    assert set(ZH) - set(EN) == set(), "keys only in zh"
    assert set(EN) - set(ZH) == set(), "keys only in en"
    assert len(ZH) > 50


@pytest.mark.parametrize("key", sorted(EN))
def test_placeholders_match_across_languages(key):
    assert placeholders(ZH[key]) == placeholders(EN[key])


def render_all(translator, lang, keys):
    for key in keys:
        template = load_catalog(lang)[key]
        params = {name: f"<{name}>" for name in placeholders(template)}
        text = translator.t(lang, key, **params)
        assert text.strip(), key
        for name in params:
            assert f"&lt;{name}&gt;" in text, (key, name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_renders_with_dummy_params(translator, lang):
    render_all(translator, lang, sorted(load_catalog(lang)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_placeholder_named_like_a_parameter_renders(translator, lang):
    """Regression: {language} and {key} placeholders once collided with Translator.t's own
    parameter names and raised TypeError (/profile and the language switch crashed)."""
    assert "&lt;x&gt;" in translator.t(lang, "language.set", language="<x>")
    assert "&lt;x&gt;" in translator.t(
        lang, "profile.card", name="n", role="r", home="h", language="<x>"
    )
    catalog = dict(translator.catalogs[lang], probe="{key}/{language}")
    probe = Translator(lang)
    probe.catalogs[lang] = catalog
    assert probe.t(lang, "probe", key="k", language="l") == "k/l"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalog_value_is_empty_or_untranslated_placeholder_text(lang):
    for key, value in load_catalog(lang).items():
        assert isinstance(value, str) and value.strip(), key
        assert value != key, key


def test_params_are_html_escaped(translator):
    text = translator.t("en", "onboarding.unknown_home", home="<script>alert(1)</script>&")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in text
    assert "<script>" not in text


def test_raw_params_are_not_escaped(translator):
    text = translator.t("en", "onboarding.unknown_home", home=Raw("<b>3-2-1102</b>"))
    assert "<b>3-2-1102</b>" in text


def test_non_string_params_are_rendered(translator):
    text = translator.t("en", "roster.summary", added=3, updated=0, errors=1)
    assert "3" in text and "1" in text


def test_unknown_language_falls_back_to_the_default(translator):
    assert translator.t("fr", "menu.help") == ZH["menu.help"]
    assert translator.t(None, "menu.help") == ZH["menu.help"]
    assert Translator("en").t(None, "menu.help") == EN["menu.help"]


def test_missing_key_raises(translator):
    with pytest.raises(KeyError):
        translator.t("en", "menu.does_not_exist")


@pytest.mark.parametrize(
    "chosen,telegram,expected",
    [
        ("en", "zh-hans", "en"),  # the profile choice wins
        ("zh", "en-US", "zh"),
        (None, "en-US", "en"),  # then Telegram's language_code
        (None, "en", "en"),
        (None, "zh-hans", "zh"),
        (None, "zh_CN", "zh"),
        (None, "ZH-HANT", "zh"),
        ("fr", "en-GB", "en"),  # an unknown choice is ignored
        (None, "de", "zh"),  # then the default
        (None, None, "zh"),
        (None, "", "zh"),
        ("", None, "zh"),
    ],
)
def test_language_for_precedence(translator, chosen, telegram, expected):
    assert translator.language_for(chosen, telegram) == expected


def test_language_for_uses_the_configured_default():
    assert Translator("en").language_for(None, "de") == "en"


@pytest.mark.parametrize(
    "code,expected", [("en-US", "en"), ("zh-hans", "zh"), ("pt-br", None), (None, None), ("", None)]
)
def test_normalise_language(code, expected):
    assert normalise_language(code) == expected


def _source_files():
    for folder in ("bot", "handlers"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def _event_kinds(tree: ast.AST) -> set[int]:
    """ids of string nodes that are not catalog keys: audit-event kinds (`….record("kind", …)`)
    and the literal parts of f-strings."""
    ids = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "record"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            ids.add(id(node.args[0]))
        if isinstance(node, ast.JoinedStr):  # f"role.{x}": covered by DYNAMIC_VARIANTS
            ids.update(id(part) for part in node.values)
    return ids


def referenced_keys() -> dict[str, str]:
    """Every string literal in bot/ and handlers/ that is exactly a catalog-looking key."""
    found = {}
    for path in _source_files():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        skip = _event_kinds(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and KEY_LITERAL.fullmatch(node.value)
            ):
                found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_key_scan_sees_the_code():
    keys = referenced_keys()
    assert {"onboarding.not_own_contact", "invite.invalid", "roster.err_phone"} <= keys.keys()
    assert len(keys) > 30


def test_every_key_referenced_in_code_exists():
    missing = {key: where for key, where in referenced_keys().items() if key not in EN}
    assert not missing, f"keys used in code but missing from the catalogs: {missing}"


def test_every_key_in_source_text_matches_the_regex_scan_too():
    """A plain-text scan with the brief's regex finds nothing the AST scan would miss."""
    regex = re.compile(r'"' + KEY_LITERAL.pattern + r'"')
    missing = {}
    for path in _source_files():
        tree = ast.parse(path.read_text("utf-8"))
        skip = _event_kinds(tree)
        kinds = {n.value for n in ast.walk(tree) if id(n) in skip and isinstance(n, ast.Constant)}
        for match in regex.finditer(path.read_text("utf-8")):
            key = match.group(1)
            if key not in EN and key not in kinds:
                missing[key] = str(path.relative_to(ROOT))
    assert not missing, missing


@pytest.mark.parametrize("key", DYNAMIC_VARIANTS)
def test_dynamic_key_variants_exist(key):
    assert key in EN and key in ZH


def test_command_menu_descriptions_exist():
    from handlers.common.menus import GROUP, MANAGER

    for name in {*MANAGER, *GROUP}:
        assert f"cmd.{name}" in EN, name
