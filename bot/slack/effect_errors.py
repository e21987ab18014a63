"""How the outbox deliverer reads Slack's answer: try again later (`Retry`) or give up (`Final`)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

# Slack errors that no retry cures: the effect fails at once.
FINAL_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "message_not_found",
        "user_not_found",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "invalid_blocks",
        "msg_too_long",
        "expired_url",
        "used_url",
    }
)


class Retry(Exception):  # noqa: N818  # a signal to the loop, not an error
    """Try the effect again later: after `delay` seconds, or the outbox's backoff."""

    def __init__(self, error: str, delay: float | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.delay = delay


class Final(Exception):  # noqa: N818
    """Slack refused the effect for good."""


def classify(error: SlackApiError) -> Exception:
    """`Retry` (with Slack's `Retry-After` on a 429) or `Final`, from a Slack API error."""
    response = error.response
    code = str(response.get("error"))
    if response.status_code == 429:
        retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
        return Retry("ratelimited", float(retry_after) if retry_after else None)
    if code in FINAL_ERRORS:
        return Final(code)
    return Retry(code)
