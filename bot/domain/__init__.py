"""Use cases: scheduling, reassignments, team routing, claims (idempotency). No Slack, no text."""
