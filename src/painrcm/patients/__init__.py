"""patients stage."""
