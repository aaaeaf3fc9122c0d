"""Customer contact queue and message templates."""
