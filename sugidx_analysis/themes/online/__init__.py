"""Theme 1 — online procedures: coverage, usage, the backlog, pace to target and the plan."""
