"""Request-independent views the JSON routes and the pages share (one module per stage)."""
