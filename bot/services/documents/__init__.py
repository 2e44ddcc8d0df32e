"""Publishing and browsing the estate's documents (信息公示)."""
