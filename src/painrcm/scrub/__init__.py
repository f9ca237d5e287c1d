"""scrub stage."""
