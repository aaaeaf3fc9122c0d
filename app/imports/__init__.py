"""Reading platform exports and stock sheets into the store."""
