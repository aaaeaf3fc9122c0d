"""Writing styled Excel workbooks sellers can hand on."""
