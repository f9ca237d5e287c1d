"""denials stage."""
