"""Renderers for the manager's report: chat text, JSON, CSV and XLSX."""
