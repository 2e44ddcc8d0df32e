"""Use cases over small Protocols; no Telegram, no SQL."""
