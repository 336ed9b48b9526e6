"""Cashless payment and digital-divide outreach — its schemas; the evaluation is still to come."""
