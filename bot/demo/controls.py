"""The demo's own `:` controls that need no session: the help text and steering the sandbox."""

from __future__ import annotations

from bot.api.sandbox import Sandbox

HELP = """\
You are a Slack user in a channel of a fake workspace; the bot is the real one.
  /preventive …            a slash command, exactly as in Slack (@bob becomes a mention)
  1, confirm, Confirmer    press a button by its number or its label (newest message first)
  :press LABEL|NUMBER      the same, explicitly
  :as NAME                 become another user (:who lists them; a new name creates one)
  :lang fr|en|en-GB        your Slack locale (the bot reads it from users.info)
  :tz ZONE                 your time zone, e.g. :tz America/New_York
  :channel NAME            type in another channel, e.g. :channel hvac
  :api fail STATUS [N]     the sandbox API answers STATUS to the next N requests (default 1;
                           updates are retried 3 times, so use N=3 to see an update fail)
  :api slow SECONDS        every API request waits this long
  :api timeout [N]         the next N requests get no answer (the bot times out after {timeout:g} s)
  :api ok                  no latency, no queued failures, hanging requests released
  :home                    open the bot's Home tab (your interventions, your team's week, decisions)
  :wait DURATION           let time pass for the bot, e.g. :wait 1h: reminders due by then arrive
  :who  :help  :quit       (in a piped script, lines starting with "# " are comments)
In a form (modal): each field is asked in turn; Enter keeps [the value shown], '-' clears it,
:cancel closes the form. The data lives in a temporary SQLite file deleted on exit, and the API
is the embedded sandbox: nothing reaches Slack or a real API."""


def steer_sandbox(sandbox: Sandbox, words: list[str]) -> str:
    """Apply `:api …` to the sandbox and say what it will do; ValueError on bad arguments."""
    verb = words[0].lower()
    if verb == "fail":
        status, times = int(words[1]), int(words[2]) if len(words) > 2 else 1
        if not 400 <= status <= 599 or times < 1:
            raise ValueError(status)
        sandbox.fail_next(status, times=times)
        return f"the API will answer {status} to the next {times} request(s)"
    if verb == "slow":
        sandbox.latency = float(words[1])
        return f"every API request now takes {sandbox.latency:g} s"
    if verb == "timeout":
        times = int(words[1]) if len(words) > 1 else 1
        sandbox.hang_next(times)
        return f"the next {times} API request(s) will get no answer"
    if verb == "ok":
        sandbox.latency = 0
        sandbox.release_hangs()
        sandbox.clear_faults()
        return "the API answers at once again"
    raise ValueError(verb)
