"""Field operations (issue 15): the equipment ledger and inspection rounds."""
