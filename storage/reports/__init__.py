"""SQL behind the manager's reports."""
