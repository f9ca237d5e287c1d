"""painrcm: revenue-cycle software for interventional pain-management practices.

One folder per stage of the revenue cycle (see README's architecture map).
"""

__version__ = "0.1.0"
