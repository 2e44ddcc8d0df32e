"""Field operations repositories (issue 15)."""
