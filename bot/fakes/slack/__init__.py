"""A fake Slack: the Web API and response URLs (`fake`), and what users send (`payloads`).

`state` is the workspace, `methods`/`views`/`response_urls` what the Web API does to it, `faults`
the failures a test queues, `routes` the HTTP side, `limits` the Block Kit rules Slack enforces,
`block_kit` how a reader (or a test) reads a message.
"""

from bot.fakes.slack.block_kit import text_of
from bot.fakes.slack.fake import FakeSlack, FakeSlackServer
from bot.fakes.slack.state import Call, SlackError

__all__ = ["Call", "FakeSlack", "FakeSlackServer", "SlackError", "text_of"]
