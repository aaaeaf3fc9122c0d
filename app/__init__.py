"""ShopSentry core: everything that works without a display.

Nothing in this package imports Qt widgets or the ``ui`` package; the GUI and the
command line are two front ends on the same services (see ``app.services``).
"""

__version__ = "0.1.0"
