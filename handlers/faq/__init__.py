"""Answers before tickets (issue 14): suggestions, inline mode, managers' FAQ commands."""
