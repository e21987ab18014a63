"""All SQL: interventions, claims, reassignment requests, action records, the outbox, replays."""
