"""The Slack edge: Bolt app, listeners, Block Kit builders and the fake Web API."""
