"""Community activities (社区活动, issue 14)."""
