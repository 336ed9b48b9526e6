"""Pure metric functions, one module per evaluation theme (no I/O, no plotting)."""
