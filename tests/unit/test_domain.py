"""Pure domain rules: homes as people type them, phone numbers, roles, invites, callback data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.people.model import Home, HomeAddress, Role, format_home, normalise_part, parse_home
from bot.domain.people.onboarding import Invite
from bot.domain.people.phones import mask_phone, normalise_phone
from handlers.common.callbacks import MAX_BYTES, decode, encode, pattern
from tests.support.fakes import make_user

# ---------------------------------------------------------------- parse_home


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3栋2单元1102", ("3", "2", "1102")),
        ("3号楼2单元1102室", ("3", "2", "1102")),
        ("3幢2单元1102", ("3", "2", "1102")),
        ("3座 2单元 1102号", ("3", "2", "1102")),
        ("3-2-1102", ("3", "2", "1102")),
        ("3/2/1102", ("3", "2", "1102")),
        ("3 2 1102", ("3", "2", "1102")),
        (" 3-2-1102 ", ("3", "2", "1102")),
        ("Building 3 Unit 2 Room 1102", ("3", "2", "1102")),
        ("building 3, unit 2, room 1102", ("3", "2", "1102")),
        ("Block 3, Unit 2, Rm 1102", ("3", "2", "1102")),
        ("B3 U2 1102", ("3", "2", "1102")),
        ("bldg 12 #1102", ("12", "", "1102")),
        ("３栋１１０２", ("3", "", "1102")),  # full-width digits
        ("３－２－１１０２", ("3", "2", "1102")),  # full-width hyphens too
        ("3栋1102", ("3", "", "1102")),  # no unit
        ("3-1102", ("3", "", "1102")),
        ("a栋2单元1102b", ("A", "2", "1102B")),
    ],
)
def test_parse_home_accepts_real_world_forms(text, expected):
    assert parse_home(text) == HomeAddress(*expected)


def test_parse_home_forms_of_one_home_agree():
    forms = [
        "3栋2单元1102",
        "3号楼2单元1102室",
        "3-2-1102",
        "3/2/1102",
        "Building 3 Unit 2 Room 1102",
    ]
    assert len({parse_home(f) for f in forms}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "",
        "   ",
        None,
        "3" * 200,
        "3栋2单元",
        "3栋",
        "🏠",
        "3栋🏠",
        "3-2-1102-5",
        "栋单元室",
        "1-2-3-4",
    ],
)
def test_parse_home_rejects(text):
    assert parse_home(text) is None


def test_parse_home_rejects_long_text_even_if_it_ends_like_a_home():
    assert parse_home("x" * 190 + " 3-2-1102") is None
    assert parse_home("3-2-" + "1" * 200) is None


@pytest.mark.parametrize("text", ["bob", "bye", "but why", "hi all", "ok ok", "no idea"])
def test_parse_home_rejects_plain_words(text):
    assert parse_home(text) is None


def test_home_labels():
    assert format_home("3", "2", "1102") == "3-2-1102"
    assert format_home("3", "", "1102") == "3-1102"
    assert Home(1, "3", "2", "1102").label == "3-2-1102"
    assert parse_home("3栋1102").label == "3-1102"


def test_normalise_part():
    assert normalise_part(" ３a ") == "3A"
    assert normalise_part(None) == ""


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "raw",
    [
        "+86 138-0000-0001",
        "13800000001",
        "008613800000001",
        "+8613800000001",
        "(+86) 138 0000 0001",
        "138 0000 0001",
        " 138-0000-0001 ",
        "１３８００００００01",
    ],
)
def test_normalise_phone_equivalences(raw):
    assert normalise_phone(raw) == "+8613800000001"


def test_normalise_phone_keeps_foreign_numbers():
    assert normalise_phone("+852 9123 4567") == "+85291234567"
    assert normalise_phone("+44 20 7946 0018") == "+442079460018"
    assert normalise_phone("010-12345678") == "+861012345678"  # Beijing landline


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "   ",
        "12345",
        "abc",
        "phone",
        "+86 12345678901",
        "+1 555",
        "1" * 41,
        "+",
        "00",
        "+86",
    ],
)
def test_normalise_phone_rejects(raw):
    assert normalise_phone(raw) is None


def test_mask_phone():
    assert mask_phone("+8613800000001") == "**********0001"
    assert mask_phone("+8613800000001").endswith("0001")
    assert "138" not in mask_phone("+8613800000001")
    assert mask_phone("123") == "123"


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(
    "role,resident,staff,manager",
    [
        (None, False, False, False),
        (Role.RESIDENT, True, False, False),
        (Role.STAFF, True, True, False),
        (Role.MANAGER, True, True, True),
    ],
)
def test_has_role_rank_order(role, resident, staff, manager):
    user = make_user(1, role=role)
    assert user.has_role(Role.RESIDENT) is resident
    assert user.has_role(Role.STAFF) is staff
    assert user.has_role(Role.MANAGER) is manager
    assert user.is_staff is staff
    assert user.is_manager is manager
    assert user.is_registered is (role is not None)


def test_domain_errors_carry_a_key_and_params():
    error = DomainError("onboarding.unknown_home", home="3-2-1102")
    assert (error.key, error.params) == ("onboarding.unknown_home", {"home": "3-2-1102"})
    assert PermissionDenied().key == "error.not_allowed"
    assert isinstance(PermissionDenied(), DomainError)
    assert isinstance(NotFound("x"), DomainError)


# ---------------------------------------------------------------- invites

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def invite(**changes):
    base = Invite("CODE1234", Role.STAFF, None, 1, NOW, NOW + timedelta(hours=1))
    return base.__class__(**{**base.__dict__, **changes})


def test_invite_usable_until_it_expires():
    assert invite().usable(NOW)
    assert invite().usable(NOW + timedelta(minutes=59, seconds=59))
    assert not invite().usable(NOW + timedelta(hours=1))
    assert not invite().usable(NOW + timedelta(days=1))


def test_used_invite_is_not_usable():
    assert not invite(used_by=5, used_at=NOW).usable(NOW)


# ---------------------------------------------------------------- callback codec


def test_encode_and_decode_round_trip():
    data = encode("reg", "ok", 123)
    assert data == "reg:ok:123"
    action = decode(data)
    assert (action.prefix, action.verb, action.arg, action.int_arg()) == ("reg", "ok", "123", 123)
    assert decode(encode("prof", "lang")).arg == ""
    assert decode("prof:lang:").int_arg() is None


def test_encode_rejects_more_than_64_bytes():
    assert len(encode("p", "v", "1" * (MAX_BYTES - 4)).encode()) == MAX_BYTES
    with pytest.raises(ValueError):
        encode("p", "v", "1" * (MAX_BYTES - 3))
    with pytest.raises(ValueError):
        encode("p", "v", "楼" * 21)  # only 25 characters, but 67 bytes


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "reg:ok:1:2",
        "reg:ok:-1",
        "REG:OK:1",
        "reg:OK:1",
        "reg:ok",
        "reg",
        ":ok:1",
        "reg::1",
        "reg:ok:1 ",
        "reg:ok:１",
        "reg:ok:" + "1" * 58,  # 65 bytes
        "r" * 65,
        "\u202e",
        "reg:ok:\u202e1",
        "reg:ok:<b>",
        "reg:ok:1;2",
        "a" * 17 + ":ok:1",
    ],
)
def test_decode_rejects_odd_data(data):
    assert decode(data) is None


@pytest.mark.parametrize("data", ["reg:ok:1\n", "reg\n:ok:1", "reg:ok\n:1"])
def test_decode_rejects_a_trailing_newline(data):
    assert decode(data) is None


@pytest.mark.parametrize("parts", [("reg", "ok", -1), ("Reg", "ok", 1), ("reg", "o:k", 1)])
def test_encode_refuses_what_decode_would_refuse(parts):
    with pytest.raises(ValueError):
        encode(*parts)


def test_int_arg_only_for_plain_short_digits():
    assert decode("home:pick:42").int_arg() == 42
    assert decode("home:pick:abc").int_arg() is None
    assert decode("home:pick:" + "9" * 18).int_arg() is None


def test_pattern_matches_only_its_prefix_and_verbs():
    import re

    regex = re.compile(pattern("reg", "ok|no"))
    assert regex.match("reg:ok:12") and regex.match("reg:no:")
    assert not regex.match("reg:maybe:12")
    assert not regex.match("regx:ok:12")
    assert not regex.match("reg:ok:-1")


_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=16)


@given(prefix=_part, verb=_part, arg=st.integers(min_value=0, max_value=10**12))
def test_round_trip_property(prefix, verb, arg):
    action = decode(encode(prefix, verb, arg))
    assert (action.prefix, action.verb, action.int_arg()) == (prefix, verb, arg)


@given(st.text(max_size=80))
def test_decode_never_raises_and_only_returns_safe_parts(data):
    action = decode(data)
    if action is not None:
        assert len(data.encode()) <= MAX_BYTES
        for part in (action.prefix, action.verb, action.arg):
            # rstrip: the trailing-newline case has its own test above
            assert set(part.rstrip("\n")) <= set("abcdefghijklmnopqrstuvwxyz0123456789_")
