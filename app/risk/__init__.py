"""Order risk: ship-by deadlines, stock allocation, penalty exposure per platform rule."""
