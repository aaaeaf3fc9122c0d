"""Alerts raised on a change of state, digests and quiet hours."""
