"""Preventive-intervention bot: schedule maintenance interventions from Slack."""
