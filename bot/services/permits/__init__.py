"""Renovation permits (装修办理, issue 15)."""
