"""Field operations services (issue 15): equipment ledger, inspection rounds."""
