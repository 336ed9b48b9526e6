"""System standardisation — its schemas; the evaluation is still to come."""
