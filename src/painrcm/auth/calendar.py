"""iCalendar export of every auth and credential deadline (``painrcm calendar -o FILE.ics``).

Built with the ``icalendar`` package (RFC 5545 folding, escaping and line endings are its job).
Each deadline is an all-day event: ``DTSTART;VALUE=DATE`` and ``DTEND`` the next day, no time and
no time zone, so a calendar in any zone shows it on the same day the tracker computed. The UID is
derived from the deadline (kind, reference, date), so re-exporting updates events instead of
duplicating them. Titles carry authorization numbers, patient ids and NPIs, never patient names.

>>> from painrcm.auth.deadlines import Deadline
>>> ics = to_ical([Deadline(date(2028, 2, 29), "auth_end", "A1", "Authorization A1 ends")],
...               stamp=datetime(2028, 1, 1, tzinfo=timezone.utc)).decode()
>>> "DTSTART;VALUE=DATE:20280229" in ics, "DTEND;VALUE=DATE:20280301" in ics
(True, True)
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from icalendar import Calendar, Event

from painrcm.auth.deadlines import Deadline

PRODID = "-//painrcm//auth deadlines//EN"


def _uid(d: Deadline) -> str:
    digest = hashlib.sha1(f"{d.kind}|{d.reference}|{d.day.isoformat()}".encode()).hexdigest()[:20]
    return f"{digest}@painrcm"


def to_calendar(deadlines: Iterable[Deadline], *, stamp: datetime | None = None,
                name: str = "painrcm deadlines") -> Calendar:
    """An ``icalendar.Calendar`` with one all-day event per deadline."""
    stamp = stamp or datetime.now(timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for d in sorted(set(deadlines)):
        day = d.day if type(d.day) is date else date(d.day.year, d.day.month, d.day.day)
        ev = Event()
        ev.add("uid", _uid(d))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + timedelta(days=1))
        ev.add("summary", d.title)
        ev.add("categories", [d.kind])
        desc = [f"kind: {d.kind}", f"reference: {d.reference}"]
        desc += [f"{k}: {v}" for k, v in (("patient", d.patient_id), ("payer", d.payer_id),
                                          ("provider NPI", d.provider_npi)) if v]
        ev.add("description", "\n".join(desc))
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal


def to_ical(deadlines: Iterable[Deadline], *, stamp: datetime | None = None) -> bytes:
    """The calendar as .ics bytes."""
    return to_calendar(deadlines, stamp=stamp).to_ical()


__all__ = ["to_calendar", "to_ical"]
