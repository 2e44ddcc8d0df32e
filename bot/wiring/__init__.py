"""The wiring of each feature: which ports and settings values its services are given.

One module a feature, each with a `wire(...)` function; bot/bootstrap.py calls them in order.
Nothing here imports `storage`: the SQLite repositories arrive as `Ports` (bot/bootstrap.py).
"""
