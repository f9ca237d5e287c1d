"""Denial management: classify every denied line (group + CARC + RARC -> root cause, hard/soft),
route it (corrected claim, written appeal, peer-to-peer, retro-auth, documentation request,
write-off with approval) with its deadline from the payer's policy file, write appeal letters,
and analyse root causes.

Modules: :mod:`~painrcm.denials.classify` (data table ``data/carc_root_causes.csv``),
:mod:`~painrcm.denials.deadlines`, :mod:`~painrcm.denials.routing`,
:mod:`~painrcm.denials.worklist` (remit stage's denials -> classified and routed),
:mod:`~painrcm.denials.appeals` (Jinja2 + WeasyPrint), :mod:`~painrcm.denials.analytics`.
The whole AR picture (queue, aging) is :func:`painrcm.ar.work.ar_work`.
"""
