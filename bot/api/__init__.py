"""The interventions API: typed client, payloads, error taxonomy and the embedded sandbox."""
