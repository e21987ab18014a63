"""English messages of recurring plans (series preview, series message, progress, Retry).

Keys and `{placeholders}` must match `bot.i18n.series_fr` exactly.
"""

MESSAGES: dict[str, str] = {
    "series.preview.title": "*Preview: {count} interventions of a recurring plan*",
    "series.preview.count": "{count} occurrences",
    "series.preview.dst": "clocks change: from here {zone}",
    "series.preview.dst_note": (
        "The clocks change during the series: each occurrence keeps its local time."
    ),
    "series.preview.nothing_sent": (
        "Nothing is sent until you confirm; then one intervention is created per occurrence."
    ),
    "series.working": ("Creating {count} interventions… I show the progress in a direct message."),
    "series.progress.title": "*{created}/{count} created* (routine {routine})",
    "series.progress.done": "All {count} interventions are created.",
    "series.progress.posted": "The series is posted in <#{channel}>.",
    "series.progress.some_failed": (
        "{failed} of {count} have no intervention yet: press Retry to send only those again."
    ),
    "series.message.title": "*Recurring plan: {count} interventions of routine {routine}*",
    "series.message.by": "Planned by <@{user}>; {created}/{count} created.",
    "series.line.waiting": "sending…",
    "series.line.created": "#{id}",
    "series.line.assigning": "#{id}, assigning to {assignee}…",
    "series.line.assigned": "#{id}, assigned to {assignee}",
    "series.line.not_assigned": "#{id} created, not assigned to {assignee} ({reason})",
    "series.line.failed": "failed: {reason}",
    "series.line.unknown": (
        "outcome unknown ({reason}): it may exist; not sent again unless you press Retry"
    ),
    "series.reason.unknown": "no answer came from the interventions API",
    "series.reason.unreachable": "the interventions API could not be reached",
    "series.reason.unauthorised": "the interventions API refused the bot's access (ask your admin)",
    "series.reason.unknown_routine": "the interventions API does not know this routine",
    "series.reason.rejected": "the interventions API refused it",
    "series.reason.rejected_detail": "the interventions API refused it: {detail}",
    "button.retry_failed": "Retry the {count} failed",
    "series.retry.title": "Some may already exist",
    "series.retry.warning": (
        "{count} of them may already have been created (no answer came): sending them again "
        "may create duplicates. Check the routine's interventions first."
    ),
    "series.retry.started": "Sending the {count} failed again…",
    "series.retry.nothing": "Nothing to retry: every occurrence already has its outcome.",
    "series.already_confirmed": (
        "This plan is already confirmed: its progress is in your direct messages."
    ),
    "series.gone": "I no longer have this plan: run the command again.",
}
