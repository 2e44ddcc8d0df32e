"""Field operations on Telegram (issue 15): the equipment ledger and inspection rounds."""
