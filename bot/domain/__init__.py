"""Use cases: scheduling, reassignments and team routing. No Slack, no text."""
