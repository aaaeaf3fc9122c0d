"""Incremental evaluation (#23): a change journal written beside every write, each open order's
next instant, and a tick that looks only at what data or time moved (``incremental.tick``); the
full evaluation stays the reference (start, migration, "立即检查", a rule or setting change)."""
