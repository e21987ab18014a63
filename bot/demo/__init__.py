"""`python -m bot demo`: the real Bolt app in a terminal, with no Slack and no API account.

`assembly` puts it together, `session` reads what the user types, `feed` shows what the fake Slack
received, `terminal` renders Block Kit as text, `directory` is the fake workspace's people and
channels, `controls` the `:` commands that steer the sandbox.
"""
