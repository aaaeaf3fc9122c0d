"""Shop health: platform shop-level metrics from the shop's own orders (issue #24)."""
