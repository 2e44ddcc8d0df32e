"""Managers' reports in chat: /report, its period buttons and drill-downs."""
