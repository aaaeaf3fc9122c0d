"""The styled-workbook writer moved a floor down to app/xlsx.py; its old import path still works."""

from app.xlsx import DANGEROUS, FORMATS, display_width, is_dangerous, write_workbook

__all__ = ["DANGEROUS", "FORMATS", "display_width", "is_dangerous", "write_workbook"]
