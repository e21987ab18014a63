"""English messages of following up (lists, status, Home, reminders, Mark done).

Keys and `{placeholders}` must match `bot.i18n.following_fr` exactly.
"""

MESSAGES: dict[str, str] = {
    "example.list": "/preventive list team",
    "example.status": "/preventive status 42",
    "parse.bad_scope": "“{fragment}” is not a list I know: use `mine`, `team` or `all`.",
    "button.mark_done": "Mark done",
    "list.title.mine": (
        "*Your next interventions* (next 14 days, created by you or assigned to you)"
    ),
    "list.title.team": "*Your team's next interventions* (next 14 days)",
    "list.title.all": "*All upcoming interventions* (next 14 days)",
    "list.empty": "Nothing the bot knows of is scheduled before {until}.",
    "list.more": "Showing the {shown} soonest of {total}. Narrow it with `/preventive list mine`, "
    "or ask `/preventive status <id>` for one.",
    "list.line": "*#{id}* · routine {routine} · {window} · {assignee}{thread}",
    "list.thread": " · <{url}|thread>",
    "list.unconfirmed.title": "*Not confirmed* (the API did not say whether these were created)",
    "list.unconfirmed.line": "routine {routine} · {window} · tried {when}: look in the team's "
    "channel before trying again",
    "status.title": "*#{id}* as the bot last heard it from the API",
    "status.no_record": "The bot has no record of #{id}: it was not created or changed through "
    "it. Look it up in the back office.",
    "status.last_change": "Last change",
    "status.last_change_value": "{when} by {user}",
    "status.last_change_when": "{when}",
    "status.pending": "Pending reassignment",
    "status.pending_line": "to {assignee}, asked by {user}, expires {when}",
    "status.none": "none",
    "status.thread": "Thread",
    "status.open_thread": "<{url}|open the thread>",
    "home.mine": "Your next interventions",
    "home.team": "Your team's next 7 days",
    "home.waiting": "Waiting for your decision",
    "home.nothing": "Nothing scheduled.",
    "home.no_waiting": "No reassignment waits for you.",
    "home.more": "…and {more} more (`/preventive list`).",
    "home.request": "*#{id}* · {current} → {proposed} · asked by {user}{reason}",
    "home.updated": "Updated {when}",
    "reminder.direct": ":alarm_clock: Reminder: *#{id}* (routine {routine}) starts {when}. {link}",
    "reminder.thread": ":alarm_clock: Starts {when}; {user} has been reminded.",
    "done.thread": "{user} marked it done.",
    "done.outcome": "#{id} is marked done.",
    "done.refused": "Only {people} may mark #{id} done.",
    "done.refused_none": "Nobody may mark #{id} done from Slack: the bot has no record of it.",
}
