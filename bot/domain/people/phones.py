"""Phone numbers: one canonical E.164 form so roster matching is exact."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "CN"


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """Return E.164 ("+8613800000001") or None if the text is not a valid number.

    "+86 138-0000-0001", "13800000001" and "008613800000001" are the same number.
    """
    text = (raw or "").strip()
    if not text or len(text) > 40:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """A form safe for logs and staff cards: keeps the last four digits only."""
    return "*" * max(0, len(e164) - 4) + e164[-4:]
