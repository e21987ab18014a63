"""Stand-ins for what the bot talks to, for the tests and the demo; no production module uses them.

`slack/` is a stateful fake of the Slack Web API (and the Slack-shaped payloads users send);
`serving` runs an ASGI app on a thread.
"""
