"""Imaging guidance lines (77003, 77002, 76942, 77012): the three-element rule.

An imaging code is proposed only when the primary code does not include imaging (code table
and NCCI bundling), the modality matches, and the note documents guidance used, a permanent
image, and an interpretation. Otherwise no line, and an ``imaging_documentation`` query naming
the missing elements (no query when the primary includes imaging: nothing is billable).

>>> from painrcm.notes.facts import Imaging
>>> imaging_code("64520", Imaging("fluoroscopy", True, True, True))
('77003', None)
>>> imaging_code("64405", Imaging("fluoroscopy", True, False, True))[1]
'Imaging guidance (77002) with 64405: permanent image not documented.'
>>> imaging_code("64483", Imaging("fluoroscopy", True))
(None, None)
"""

from __future__ import annotations

from painrcm.notes.facts import Imaging
from painrcm.reference.codes import lookup

_SPINE = {"64510", "64520", "62273", "62280", "62281", "62282", "64517", "64681", "64680"}


def imaging_code(primary: str, imaging: Imaging) -> tuple[str | None, str | None]:
    """(imaging code or None, query message or None) for a primary code and its imaging facts."""
    if imaging.modality is None:
        return None, None
    info = lookup(primary)
    if info is None or info.imaging_included:
        return None, None
    if imaging.modality == "fluoroscopy":
        code = "77003" if primary in _SPINE else "77002"
    elif imaging.modality == "ultrasound":
        code = "76942"
    else:
        code = "77012"
    if code in info.ncci_bundled_imaging:
        return None, None
    if imaging.missing:
        return None, (f"Imaging guidance ({code}) with {primary}: "
                      f"{', '.join(imaging.missing)} not documented.")
    return code, None
