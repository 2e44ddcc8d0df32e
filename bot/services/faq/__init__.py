"""Answers before tickets (issue 14): the FAQ service."""
