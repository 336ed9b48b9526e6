"""Overview scorecard — its schema (other published figures as KPIs); the scorecard is to come."""
