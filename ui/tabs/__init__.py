"""The three tabs: inventory, order risk, customer contact."""
