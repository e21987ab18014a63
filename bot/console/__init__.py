"""`python -m bot demo`: the real Bolt app in a terminal, with no Slack and no API account.

`demo` assembles it, `session` reads what the user types, `feed` shows what the fake Slack
received, `directory` is the fake workspace's people and channels.
"""

from bot.console.demo import run_demo

__all__ = ["run_demo"]
