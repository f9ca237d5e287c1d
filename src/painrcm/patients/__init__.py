"""Patient billing after adjudication: plain-language balances, statements on a 30/60/90 cycle
(none while insurance is pending), payment plans and small-balance rules; PDF via WeasyPrint.

Entry point: :func:`painrcm.patients.statements.statement_run` (pure) and
:func:`painrcm.patients.render.write_statement_pdf`.
"""
