"""remit stage: payment posting, contract reconciliation, variances, disputes, secondary claims.

Pure core (no database):

- ``remit.contracts``: contract files (YAML + fee schedule CSV) -> ``Contract``; ``shipped_contracts()``.
- ``remit.pricing``: ``price_claim(claim, contract)`` -> expected allowed per line on the date of service.
- ``remit.matching``: ``match_remittance(remittance, claims_by_id)`` -> matched claims/lines + unmatched items.
- ``remit.variances``: ``Variance`` / ``Denial`` and the eight variance kinds.
- ``remit.reconcile``: ``reconcile(claims, remittances, contracts)`` -> ``ReconciliationResult``
  (``variances``, ``denials``, ``unmatched``, ``underpaid_total``).
- ``remit.disputes``: ``build_disputes``, ``apply_recovery``; files in ``remit.dispute_files``.
- ``remit.secondary``: ``build_secondary_claim`` (COB loops), ``secondary_due_date``.

Database edge: ``remit.posting`` (``post_file``, ``post_paths``, ``post_remittance_objects``,
``reconcile_stored``) and ``remit.dispute_store``. Format and rules: ``docs/contracts.md``.
"""
