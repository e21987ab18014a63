"""Every `action_id`, `callback_id` and input `block_id` the app uses, namespaced."""

from enum import StrEnum


class ActionId(StrEnum):
    """Buttons and interactive elements."""

    CONFIRM = "preventive.confirm"
    EDIT = "preventive.edit"
    CANCEL = "preventive.cancel"
    RESCHEDULE = "preventive.reschedule"
    REASSIGN = "preventive.reassign"
    UPDATE = "preventive.update"
    RETRY_ASSIGNMENT = "preventive.retry_assignment"
    CREATE_ANYWAY = "preventive.create_anyway"
    APPROVE = "preventive.approve"
    REJECT = "preventive.reject"
    CANCEL_REQUEST = "preventive.cancel_request"
    RETRY_REQUEST = "preventive.retry_request"
    MARK_DONE = "preventive.mark_done"
    HOME_APPROVE = "preventive.home_approve"
    HOME_REJECT = "preventive.home_reject"
    SERIES_CONFIRM = "preventive.series_confirm"
    SERIES_EDIT = "preventive.series_edit"
    SERIES_RETRY = "preventive.series_retry"


class CallbackId(StrEnum):
    """Modals."""

    CREATE = "preventive.create_modal"
    RESCHEDULE = "preventive.reschedule_modal"
    UPDATE = "preventive.update_modal"
    REASSIGN = "preventive.reassign_modal"
    REJECT = "preventive.reject_modal"


class Field(StrEnum):
    """Input blocks of the modals; each block holds one element whose action_id is the same."""

    ROUTINE = "routine"
    WHEN = "when"
    STATUS = "status"
    ASSIGNEE = "assignee"
    DESCRIPTION = "description"
    SITE_RULES = "site_rules"
    REASON = "reason"
    EMAILS = "emails"
