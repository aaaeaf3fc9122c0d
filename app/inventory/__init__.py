"""Stock ledger, SKU master, aliases and stock warnings."""
