"""Resident consultations and votes (业主征询, issue 14): ballots, /votes, /vote_new."""
