"""edi stage."""
