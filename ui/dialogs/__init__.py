"""Dialogs: import summary, column mapping, stocktake, SKU mapping, settings."""
