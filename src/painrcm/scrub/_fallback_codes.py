"""Stand-in code facts used only when ``painrcm.reference.codes`` is not installed.

The scrubber reads every code fact from the reference stage; this table lets the scrubber run
(and its tests run) in a checkout where that stage is missing. Values are the CMS 2025 PFS
indicators and the July 2024 practitioner MUEs for the pain code set (``../shared/data``).
Columns: global days (None = XXX/ZZZ), bilateral indicator, multiple-procedure indicator,
primaries (add-on codes only), imaging included, region, MUE, MAI, effective to.
"""

from __future__ import annotations

from datetime import date

CT, LS = "cervical_thoracic", "lumbar_sacral"

#: code -> (global, bilat, mult_proc, primaries, imaging_included, region, mue, mai, effective_to)
TABLE: dict[str, tuple] = {
    "20552": (0, 0, 2, (), False, None, 1, 2, None),
    "20553": (0, 0, 2, (), False, None, 1, 2, None),
    "20610": (0, 1, 2, (), False, None, 2, 3, None),
    "20611": (0, 1, 2, (), True, None, 2, 3, None),
    "27096": (0, 1, 2, (), True, None, 1, 2, None),
    "62320": (0, 9, 2, (), False, CT, 1, 3, None),
    "62321": (0, 9, 2, (), True, CT, 1, 3, None),
    "62322": (0, 9, 2, (), False, LS, 1, 3, None),
    "62323": (0, 9, 2, (), True, LS, 1, 3, None),
    "63650": (10, 0, 2, (), False, None, 2, 3, None),
    "63655": (90, 0, 2, (), False, None, 1, 3, None),
    "63661": (10, 0, 2, (), False, None, 1, 2, None),
    "63663": (10, 0, 2, (), False, None, 1, 3, None),
    "63685": (10, 0, 2, (), False, None, 1, 3, None),
    "63688": (10, 0, 2, (), False, None, 1, 3, None),
    "64405": (0, 1, 2, (), False, None, 1, 3, None),
    "64420": (0, 1, 2, (), False, None, 1, 2, None),
    "64421": (None, 1, 0, ("64420",), False, None, 4, 3, None),
    "64445": (0, 1, 2, (), False, None, 1, 3, None),
    "64450": (0, 1, 2, (), False, None, 10, 3, None),
    "64454": (0, 1, 2, (), True, None, 1, 2, None),
    "64479": (0, 1, 2, (), True, CT, 1, 2, None),
    "64480": (None, 1, 0, ("64479",), True, CT, 4, 3, None),
    "64483": (0, 1, 2, (), True, LS, 1, 2, None),
    "64484": (None, 1, 0, ("64483",), True, LS, 4, 3, None),
    "64490": (0, 1, 2, (), True, CT, 1, 2, None),
    "64491": (None, 1, 0, ("64490",), True, CT, 1, 2, None),
    "64492": (None, 1, 0, ("64490", "64491"), True, CT, 1, 2, None),
    "64493": (0, 1, 2, (), True, LS, 1, 2, None),
    "64494": (None, 1, 0, ("64493",), True, LS, 1, 2, None),
    "64495": (None, 1, 0, ("64493", "64494"), True, LS, 1, 2, None),
    "64505": (0, 1, 2, (), False, None, 1, 3, None),
    "64510": (0, 1, 2, (), False, None, 1, 3, None),
    "64520": (0, 1, 2, (), False, None, 1, 3, None),
    "64530": (0, 0, 2, (), True, None, 1, 3, None),
    "64633": (10, 1, 2, (), True, CT, 1, 2, None),
    "64634": (None, 1, 0, ("64633",), True, CT, 4, 3, None),
    "64635": (10, 1, 2, (), True, LS, 1, 2, None),
    "64636": (None, 1, 0, ("64635",), True, LS, 4, 3, None),
    "76942": (None, 0, 0, (), False, None, 1, 3, None),
    "77002": (None, 0, 0, (), False, None, 1, 3, None),
    "77003": (None, 0, 0, (), False, None, 1, 3, None),
    "95970": (None, 0, 0, (), False, None, 1, 3, None),
    "95971": (None, 0, 0, (), False, None, 1, 3, None),
    "95972": (None, 0, 0, (), False, None, 1, 3, None),
    "95973": (None, 0, 0, ("95972",), False, None, None, None, date(2018, 12, 31)),
    "99202": (None, 0, 0, (), False, None, 1, 2, None),
    "99203": (None, 0, 0, (), False, None, 1, 2, None),
    "99204": (None, 0, 0, (), False, None, 1, 2, None),
    "99205": (None, 0, 0, (), False, None, 1, 2, None),
    "99211": (None, 0, 0, (), False, None, 1, 3, None),
    "99212": (None, 0, 0, (), False, None, 2, 3, None),
    "99213": (None, 0, 0, (), False, None, 2, 3, None),
    "99214": (None, 0, 0, (), False, None, 2, 3, None),
    "99215": (None, 0, 0, (), False, None, 1, 3, None),
    "G2211": (None, 0, 0, ("99202", "99203", "99204", "99205", "99211", "99212", "99213",
                           "99214", "99215"), False, None, 1, 2, None),
    "G3002": (None, 0, 0, (), False, None, 1, 2, None),
    "G3003": (None, 0, 0, ("G3002",), False, None, 4, 3, None),
}

#: (column 1, column 2) -> modifier indicator, a few pairs the tests need.
PTP: dict[tuple[str, str], int] = {
    ("20553", "20552"): 0, ("20552", "64483"): 1, ("64635", "64493"): 1, ("64635", "64494"): 1,
    ("64633", "64490"): 1, ("62323", "64483"): 1, ("62323", "77003"): 1, ("64483", "77003"): 1,
    ("64493", "77003"): 1, ("64635", "77003"): 1, ("27096", "77003"): 1, ("64490", "77003"): 1,
}
