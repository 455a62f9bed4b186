"""Every write of the proposal pipeline, by stage (提→立→办→督→评; paper entry and the reply's
sign-off beside them): keyword-only, one
transaction each, permission-checked; each records the timeline event, the duty records, the
notifications and the deadlines it implies. Callers import from `proposals.services`."""

from ._base import DUTY, REPLY_DUTIES, S, proposer_users, staff_users, unit_users
from .assignment import assign, decide_return, request_return, sign_for
from .bulk import bulk_assign, bulk_register, handling_units
from .disclosure import (
    decide_reply_disclosure,
    object_to_reply_disclosure,
    review_disclosure,
    set_disclosure_consent,
)
from .drafting import (
    EDITABLE_FIELDS,
    add_attachment,
    create_draft,
    create_draft_from,
    expire_cosigners,
    invite_cosigner,
    remove_attachment,
    remove_cosigner,
    respond_cosign,
    submit,
    update_draft,
    withdraw,
)
from .evaluation import close_not_evaluated, evaluate, record_evaluation, reopen_evaluation
from .paper import enter_on_paper
from .replying import (
    decide_extension,
    rate_quality,
    record_communication,
    request_extension,
    send_views,
)
from .review import (
    consent_to_conversion,
    convert,
    convert_to_letter,
    convert_to_report,
    merge,
    not_register,
    register,
    return_for_revision,
)
from .signoff import countersign_reply, draft_reply, review_reply
from .supervision import (
    ask_for_instruction,
    record_instruction,
    record_supervision,
    set_excellence,
    set_key,
    withdraw_instruction_request,
)

__all__ = [
    "DUTY",
    "EDITABLE_FIELDS",
    "REPLY_DUTIES",
    "S",
    "add_attachment",
    "ask_for_instruction",
    "assign",
    "bulk_assign",
    "bulk_register",
    "close_not_evaluated",
    "consent_to_conversion",
    "convert",
    "convert_to_letter",
    "convert_to_report",
    "countersign_reply",
    "create_draft",
    "create_draft_from",
    "decide_extension",
    "decide_reply_disclosure",
    "decide_return",
    "draft_reply",
    "enter_on_paper",
    "evaluate",
    "expire_cosigners",
    "handling_units",
    "invite_cosigner",
    "merge",
    "not_register",
    "object_to_reply_disclosure",
    "proposer_users",
    "rate_quality",
    "record_communication",
    "record_evaluation",
    "record_instruction",
    "record_supervision",
    "register",
    "remove_attachment",
    "remove_cosigner",
    "reopen_evaluation",
    "request_extension",
    "request_return",
    "respond_cosign",
    "return_for_revision",
    "review_disclosure",
    "review_reply",
    "send_views",
    "set_disclosure_consent",
    "set_excellence",
    "set_key",
    "sign_for",
    "staff_users",
    "submit",
    "unit_users",
    "update_draft",
    "withdraw",
    "withdraw_instruction_request",
]
