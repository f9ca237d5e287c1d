"""auth stage: prior authorization, frequency room, eligibility, credentialing and their deadlines.

One module per concept (docs/auth.md): ``model`` (records), ``requirements`` (does a planned
procedure need auth, what the package holds, frequency room), ``frequency``, ``deadlines``
(status changes, coverage of a service, renewals, retro-auth windows), ``rfa_package``, ``scs``,
``credentialing``, ``eligibility``, ``calendar`` (iCalendar export), ``imports`` (CSV files),
``policies`` (which payer policy a record follows).
"""
