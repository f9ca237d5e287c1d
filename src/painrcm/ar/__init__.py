"""ar stage."""
