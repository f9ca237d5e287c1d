"""Claims: the claim model (``model``), the practice's charge master (``charges``)
and the builder that turns an encounter's coded lines into a claim (``builder``)."""
