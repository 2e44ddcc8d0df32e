"""Reports: periods, statistics and business-time arithmetic for the manager's report."""
