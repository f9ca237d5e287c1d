"""Repositories: save and load the domain dataclasses, one module per concept.

Every function takes an open ``Session`` and leaves committing to the caller
(``store.engine.session_scope``). Saving is an upsert keyed by the domain's own
identifiers, so running the same import twice leaves one copy.
"""
