"""Reports: the billing audit in dollars and the monthly report (docs/reports.md).

- :mod:`painrcm.reports.inputs`: ``load_exports(path)`` / ``load_database(db)`` -> ``AuditInput``
- :mod:`painrcm.reports.audit`: ``run_audit(AuditInput, as_of=...)`` -> ``AuditReport``
- :mod:`painrcm.reports.render`: ``write_audit(report, out_dir)`` (HTML, PDF, CSV, XLSX)
- :mod:`painrcm.reports.monthly`: ``monthly_report(AuditInput, month)``, ``write_monthly``
- :mod:`painrcm.reports.demo_audit`: ``build_demo_exports(out_dir)``: the demo practice's exports with
  the billing mistakes and payer faults recorded (the acceptance test's ground truth)
"""
