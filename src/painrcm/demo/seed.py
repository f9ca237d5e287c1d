"""Store a generated demo practice in the database through the store's repositories.

``seed_demo(session, demo)`` saves the practice, its providers, payers, patients, coverage and
encounters (with their notes) in one unit of work; saving is an upsert, so seeding the same demo
twice leaves one copy. The answer key (``demo.truth``) stays in memory: it is what the demo
measures the coder against, not practice data.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from painrcm.demo.generate import DemoPractice


def seed_demo(session: Session, demo: DemoPractice) -> dict[str, int]:
    """Save ``demo`` (caller commits); returns the number of records saved per kind."""
    from painrcm.store.repositories import parties

    pid = demo.practice.id
    parties.save_practice(session, demo.practice)
    parties.save_payers(session, demo.payers)
    parties.save_providers(session, demo.providers, pid)
    parties.save_patients(session, demo.patients)
    parties.save_coverages(session, pid, demo.coverages)
    parties.save_encounters(session, demo.encounters)
    return {"practices": 1, "providers": len(demo.providers), "payers": len(demo.payers),
            "patients": len(demo.patients), "coverages": len(demo.coverages), "encounters": len(demo.encounters)}
