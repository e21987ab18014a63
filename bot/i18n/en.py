"""English messages. Keys and `{placeholders}` must match `bot.i18n.fr` exactly."""

MESSAGES: dict[str, str] = {
    # Units, statuses, buttons
    "unit.day": "d",
    "status.to_schedule": "to schedule",
    "status.scheduled": "scheduled",
    "status.done": "done",
    "status.unknown": "unknown",
    "button.confirm": "Confirm",
    "button.edit": "Edit",
    "button.cancel": "Cancel",
    "button.approve": "Approve",
    "button.reject": "Reject",
    "button.retry": "Retry",
    "button.withdraw": "Withdraw",
    "button.create_anyway": "Create anyway",
    "button.reschedule": "Reschedule",
    "button.reassign": "Reassign",
    "button.submit": "Save",
    "button.close": "Close",
    # Help
    "help": (
        "*/preventive* schedules preventive interventions from routines.\n"
        "• `/preventive create 12 tomorrow 8am to 5pm`: preview, then Confirm\n"
        "• `/preventive create 12 next monday 9:00 for 3 hours status to schedule assign @bob`\n"
        "• `/preventive reschedule 42 friday 2pm-4pm`\n"
        "• `/preventive assign 42 @bob the usual tech is away`: a manager's is applied at once, "
        "anyone else's waits for a manager's approval\n"
        "• `/preventive update 42`: edit description, site rules, status, schedule, assignee\n"
        "• `/preventive list [mine|team|all]`, `/preventive status 42`: what is coming up, and "
        "what the bot knows of #42\n"
        "• `/preventive` alone opens a form.\n"
        "Times: `8am`, `14:30`, `noon`, `tomorrow`, `friday 3pm`, `March 12`, `2026-03-12`, "
        "`from monday to wednesday`, `10pm to 6am`, `in 2 hours`, `for 90 min`. "
        "Statuses: `to schedule`, `scheduled` (default), `done`. "
        "Assignees: `@someone`, `profile:17`, `contact:5`."
    ),
    # Parse errors: {fragment} is the user's words, already escaped
    "parse.empty": "I need a time window, for example `tomorrow 8am to 5pm`.",
    "parse.unreadable": "I could not read “{fragment}” as a time.",
    "parse.invalid_date": "“{fragment}” is not a date that exists.",
    "parse.invalid_time": "“{fragment}” is not a time of day.",
    "parse.end_not_after_start": "The end must come after the start (“{fragment}”).",
    "parse.in_past": (
        "“{fragment}” is in the past. For work already done, add `status done`: it is then "
        "read as the latest such time already past."
    ),
    "parse.nonexistent_time": (
        "“{fragment}” does not exist in your time zone (the clocks jump forward then)."
    ),
    "parse.recurring": (
        "“{fragment}” plans a series; here I need one time window, for example"
        " `tomorrow 8am to 12pm`."
    ),
    "parse.too_many_occurrences": (
        "“{fragment}” makes more than 52 occurrences; plan at most 52 at once (a shorter end)."
    ),
    "parse.no_end": (
        "“{fragment}” has no end: add one, for example `for 6 weeks`, `until 31 march` or"
        " `next week`."
    ),
    "parse.unknown_subcommand": "I don't know the command “{fragment}”.",
    "parse.did_you_mean": "Did you mean `/preventive {command}`?",
    "parse.commands": (
        "Commands: `create`, `reschedule`, `assign`, `update`, `list`, `status`, `help`; "
        "`/preventive` alone opens a form."
    ),
    "parse.missing_routine": "Which routine? Give its number.",
    "parse.bad_routine": "“{fragment}” is not a routine number.",
    "parse.missing_id": "Which intervention? Give its number.",
    "parse.bad_id": "“{fragment}” is not an intervention number.",
    "parse.missing_when": "When? Give a time window.",
    "parse.missing_assignee": "Who? Mention someone (`@bob`) or give `profile:17` / `contact:5`.",
    "parse.bad_assignee": (
        "I could not read “{fragment}” as a person: mention them with @ so Slack completes it, "
        "or write `profile:17` or `contact:5`."
    ),
    "parse.bad_status": "“{fragment}” is not a status: use `to schedule`, `scheduled` or `done`.",
    "parse.conflicting": "“{fragment}” says two different things about when.",
    "parse.missing_status": "Which status? Use `to schedule`, `scheduled` or `done`.",
    "parse.example": "For example: `{example}`",
    "example.create": "/preventive create 12 tomorrow 8am to 5pm",
    "example.reschedule": "/preventive reschedule 42 next monday 9:00-12:00",
    "example.assign": "/preventive assign 42 @bob on leave this week",
    "example.update": "/preventive update 42",
    "example.when": "tomorrow 8am to 5pm",
    # Previews
    "warn.default_zone": (
        "Slack did not give me your time zone, so these times are in {zone}: check them."
    ),
    "warn.long": "This window lasts {duration}, more than 12 hours.",
    "warn.weekend": "This window falls on a Saturday or Sunday.",
    "warn.outside_workday": "This window starts or ends outside the workday ({workday}).",
    "warn.done_in_future": "The status is done, but the window starts in the future.",
    "warn.unknown_routine": "No team lists routine {id}: check the number.",
    "warn.unrecorded": (
        "I have no record of intervention #{id}: check the number; the interventions API will "
        "say if it does not exist."
    ),
    "preview.create.title": "*New preventive intervention*: check and confirm",
    "preview.reschedule.title": "*Reschedule intervention #{id}*: check and confirm",
    "preview.read_as": "Read “{text}” as:",
    "field.routine": "Routine",
    "field.intervention": "Intervention",
    "field.start": "Start",
    "field.end": "End",
    "field.window": "When",
    "field.duration": "Duration",
    "field.zone": "Time zone",
    "field.status": "Status",
    "field.assignee": "Assignee",
    "field.requested_by": "Requested by",
    "field.description": "Description",
    "field.site_rules": "Site rules",
    "field.reason": "Reason",
    "assignee.none": "nobody yet",
    "assignee.profile": "profile {id}",
    "assignee.contact": "contact {id}",
    "preview.zone_default": (
        "⚠ Slack did not give me your time zone, so these times use the default zone."
    ),
    "preview.nothing_sent": "Nothing is sent until you confirm.",
    "preview.cancelled": "Cancelled: nothing was sent.",
    "preview.working": "Sending to the interventions API…",
    "preview.already_created": "This was already created as intervention #{id}.",
    "preview.already_rescheduled": "This was already rescheduled.",
    "preview.already_assigned": "This assignment was already sent.",
    "preview.already_cancelled": "This preview was cancelled: nothing was sent.",
    "preview.already_in_progress": "This is already being sent; the answer will replace it.",
    "preview.already_unknown": (
        "This was already sent and the interventions API never answered, so I don't know "
        "whether it was created. Look for it in the team channel; if it is not there, press "
        "Create anyway (if the first one did go through, that makes a duplicate)."
    ),
    "preview.stale": (
        "This window starts in the past now, so nothing was sent: type the command again with a "
        "new time."
    ),
    # What happened, told privately
    "outcome.created": "Intervention *#{id}* created and posted in <#{channel}>.",
    "outcome.created_unposted": (
        "Intervention *#{id}* was created, but I could not post it in <#{channel}> (Slack said "
        "{error}): invite the bot to that channel, or ask your Slack admin to check which "
        "channel this team uses."
    ),
    "outcome.created_not_assigned": (
        "Assigning it to {assignee} failed: {error} Press Retry to try the assignment again."
    ),
    "outcome.not_posted": "I could not post this in <#{channel}> (Slack said {error}).",
    "outcome.rescheduled": "Intervention *#{id}* rescheduled: {window}.",
    "outcome.updated": "Intervention *#{id}* updated.",
    "outcome.assigned": "Intervention *#{id}* is now assigned to {assignee}.",
    "outcome.unknown_restarted": (
        "The bot restarted while the interventions API was handling this, so I don't know whether "
        "it was created. I will not send it again by myself: look for it in the team channel, "
        "and type the command again only if it is not there."
    ),
    "outcome.not_sent_restarted": (
        "Nothing was sent: the bot restarted before sending it. Type the command again."
    ),
    "outcome.approval_unknown_restarted": (
        "The bot restarted while the interventions API was handling the reassignment of "
        "*#{id}*, so I don't know whether it was applied."
    ),
    "outcome.overtaken": (
        "{user} reassigned it to {assignee} a moment ago, so your assignment was not sent."
    ),
    "decision.someone": "someone",
    "outcome.cannot_save": (
        "I cannot save anything right now (my database is not answering), so nothing was sent. "
        "Try again in a minute."
    ),
    "outcome.created_cannot_save": (
        "Intervention *#{id}* was created, but I cannot record it right now (my database is not "
        "answering). I will post it in the team channel as soon as I can: do not create it again."
    ),
    "outcome.changed_cannot_save": (
        "Intervention *#{id}* was changed, but I cannot record it right now (my database is not "
        "answering). I will update the team channel as soon as I can: do not send the change "
        "again."
    ),
    "outcome.change_unknown_restarted": (
        "The bot restarted while the interventions API was handling your change to #{id}, so I "
        "don't know whether it was saved, and an email may already have gone to the people it "
        "notifies: I will not send it again by myself. Look at the intervention's message in the "
        "team channel before trying again."
    ),
    "outcome.nothing_changed": "Nothing changed, so nothing was sent.",
    "outcome.request_sent": (
        "Your request to reassign *#{id}* to {assignee} is waiting for a manager in the "
        "intervention's thread."
    ),
    # Team channel
    "confirm.title": "Preventive intervention #{id}",
    "confirm.text": "Preventive intervention #{id} (routine {routine}): {window}",
    "confirm.sandbox": ":test_tube: Sandbox: not a real intervention.",
    "confirm.requested_by": "Requested by {user}",
    "thread.rescheduled": "{user} rescheduled it: {window}.",
    "thread.rescheduled_from": "{user} rescheduled it: was {old}, now {window}.",
    "thread.updated": "{user} updated it: {changes}.",
    "thread.assigned": "{user} assigned it to {assignee}.",
    "thread.created_here": (
        "{user} changed intervention #{id}, which the bot had not posted before."
    ),
    "change.description": "description",
    "change.window": "schedule {window}",
    "change.site_rules": "site rules {rules}",
    "change.status": "status {status}",
    "change.assignee": "assignee {assignee}",
    "change.email_current": "emailed the current assignee",
    # Approvals
    "approval.request": (
        "{requester} asks to reassign intervention #{id} from {current} to {proposed}."
    ),
    "approval.reason": "Reason: {reason}",
    "approval.what": "Routine {routine}, {window}",
    "approval.no_reason": "No reason given.",
    "approval.deciders": "May decide: {managers}",
    "approval.deciders_none": "No manager is configured for this routine: ask an admin.",
    "approval.expires": "Expires {when} if nobody decides.",
    "approval.approved": "Approved by {user} {when}.",
    "approval.applied": "Approved by {user} {when}; {proposed} is now assigned.",
    "approval.failed": (
        "Approved by {user} {when}, but the API refused or failed: {error} Retry sends it again."
    ),
    "approval.rejected": "Rejected by {user} {when}: {reason}",
    "approval.cancelled": "Withdrawn by {user} {when}.",
    "approval.superseded": "Closed {when}: {user} applied another reassignment of it.",
    "approval.expired": "Expired {when}: nobody decided in time.",
    "approval.told_requester": "{requester}: {outcome}",
    "approval.refused": "Only {managers} may approve or reject this request.",
    "approval.refused_none": "No manager is configured for this intervention: ask an admin.",
    "approval.cancel_refused": "Only {requester}, who asked, may withdraw this request.",
    "approval.already": "This request was already {state} by {user} {when}.",
    "approval.already_no_user": "This request is already {state}.",
    "state.pending": "pending",
    "state.approved": "approved",
    "state.rejected": "rejected",
    "state.cancelled": "cancelled",
    "state.expired": "expired",
    "state.applied": "applied",
    "state.failed": "failed",
    # Modals
    "modal.create.title": "New intervention",
    "modal.reschedule.title": "Reschedule #{id}",
    "modal.update.title": "Update #{id}",
    "modal.reassign.title": "Reassign #{id}",
    "modal.reject.title": "Reject request",
    "modal.routine": "Routine ID",
    "modal.when": "When",
    "modal.check": "Check the new schedule, then Confirm",
    "modal.when.hint": "As you would say it: tomorrow 8am to 5pm, friday 2pm for 3h…",
    "modal.status": "Status",
    "modal.assignee": "Assignee",
    "modal.new_assignee": "New assignee",
    "modal.assignee.kept": "Leave empty to keep {assignee}.",
    "modal.error.unmapped": (
        "This person is not linked to an interventions account yet: ask your Slack admin to "
        "link them."
    ),
    "modal.description": "Description",
    "modal.site_rules": "Site rule IDs",
    "modal.site_rules.hint": "Numbers separated by commas, e.g. 1, 2, 3.",
    "modal.reason": "Reason",
    "modal.notify": "Emails",
    "modal.email_previous": "Email the previous assignee",
    "modal.email_current": "Email the assignee after this change",
    "modal.email_new": "Email the new assignee",
    "modal.reject_reason": "Why is it rejected?",
    "modal.error.routine": "Give the routine as a number, e.g. 12.",
    "modal.error.site_rules": "Give numbers separated by commas, e.g. 1, 2, 3.",
    "modal.error.description": "At most 2,500 characters.",
    "modal.error.required": "This is required.",
    # Errors
    "error.unmapped_assignee": (
        "{user} is not linked to an interventions account yet, so the API cannot be told who "
        "that is. Ask your Slack admin to link them, or write `profile:17` or `contact:5`."
    ),
    "error.request_not_valid": (
        "Nothing was sent: “{field}” does not meet the interventions API's rules."
    ),
    "error.api.invalid": "The interventions API refused the request: {detail}",
    "error.api.invalid_no_detail": "The interventions API refused the request as invalid.",
    "error.api.not_authorised": (
        "The interventions API did not accept the bot's access, so nothing was changed. Ask "
        "your Slack admin to renew the bot's access to the interventions API."
    ),
    "error.api.unknown_intervention": "The interventions API knows no intervention #{id}.",
    "error.api.unknown_routine": "The interventions API knows no routine {id}.",
    "error.api.rate_limited": (
        "The interventions API is busy (rate limited). Nothing was changed; try again in a minute."
    ),
    "error.api.unavailable": (
        "The interventions API is unavailable right now. Nothing was changed; try again later."
    ),
    "error.api.outcome_unknown": (
        "The interventions API did not answer in time, so I don't know whether routine "
        "{routine} was created for {window}. I will not send it again by myself. Look for it in"
        " the team channel; if it is not there, press Create anyway (if the first one did go "
        "through, that makes a duplicate)."
    ),
    "error.api.failed_midway": (
        "The interventions API failed while handling it, so I don't know whether routine "
        "{routine} was created for {window}. I will not send it again by myself. Look for it in"
        " the team channel; if it is not there, press Create anyway (if the first one did go "
        "through, that makes a duplicate)."
    ),
    "error.api.failed_midway_update": (
        "The interventions API failed while handling the change; it may or may not be saved. "
        "Look at the intervention's message in the team channel before trying again."
    ),
    "error.api.outcome_unknown_update": (
        "The interventions API did not answer in time; the change may or may not be saved. Look"
        " at the intervention's message in the team channel before trying again."
    ),
    "error.api.email_may_have_gone": (
        "An email may already have gone to the people it notifies, so I will not send it again "
        "by myself: press Retry only if you know the change did not happen (the person it "
        "concerns can tell you whether they were told)."
    ),
    "error.unknown_intervention": (
        "I don't know intervention #{id} yet. Reschedule or update it by id first."
    ),
    "error.not_allowed": "You are not allowed to do that.",
    "error.store_unavailable": (
        "I cannot save anything right now, so I did nothing: no intervention was created or "
        "changed. Try again in a few minutes; if it lasts, tell your admin."
    ),
    "error.store_failed": (
        "I could not save this just now (my database is unavailable). Check the intervention's "
        "thread to see what was done before trying again; if it lasts, tell your admin."
    ),
    "error.form_expired": (
        "The form took too long to open and Slack gave up on it. Nothing was changed: "
        "run the command again."
    ),
    "error.incident": (
        "Something went wrong on my side (incident {incident}). What was done before it stays "
        "done; check the intervention's thread, and give this id to your admin."
    ),
}
