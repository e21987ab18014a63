"""The Slack edge: `app` registers the surfaces of `listeners`, which share `flows` and build
messages with the pure `ui`; `context` and `middleware` hand each listener what it needs."""
