"""remit stage."""
