"""All SQL: interventions the bot knows, claims and reassignment requests."""
