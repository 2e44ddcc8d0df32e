"""The manager's reports: figures per period, drill-downs, digests."""
