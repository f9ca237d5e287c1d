"""Accounts receivable: claim balances, aging buckets, the 15/30/60/90 follow-up cycle with
recorded touches, 276 status requests and 277 responses, and the work queue ranked by expected
recoverable dollars x deadline proximity x likelihood of recovery.

Entry point for the demo and the CLI: :func:`painrcm.ar.work.ar_work` (pure).
"""
