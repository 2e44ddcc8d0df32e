"""Answers before tickets: FAQ articles, their text format and the matcher (issue 14)."""
