"""Domain model: plain dataclasses and rules, no Telegram and no SQL."""
