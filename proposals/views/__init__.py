"""Thin views of the proposal pipeline, a module per stage: lists and queues, drafting, a
proposal's page and its actions, documents, requests for a leader's instruction, the
office's own pages (paper entry, dissatisfied and excellent lists)."""

from .detail import act, cosign, detail
from .documents import (
    assignment_notice,
    attachment,
    blank_form,
    compilation,
    compilation_download,
    compilation_status,
    form_document,
    registration_notice,
    reply_document,
    reply_letter,
)
from .drafting import autosave, create, edit
from .instructions import (
    instruction_request_ask,
    instruction_request_withdraw,
    instruction_requests,
)
from .lists import (
    bulk,
    home_member,
    leader_page,
    mine,
    overdue_list,
    proposal_export,
    proposal_list,
    review_queue,
    similar,
    unit_queue,
)
from .office import dissatisfied_list, enter_paper, excellent_list
from .prereview import prereview_draft, prereview_proposal
from .threads import thread_communicate

__all__ = [
    "act",
    "prereview_draft",
    "prereview_proposal",
    "assignment_notice",
    "attachment",
    "thread_communicate",
    "blank_form",
    "autosave",
    "bulk",
    "compilation",
    "compilation_download",
    "compilation_status",
    "cosign",
    "create",
    "detail",
    "dissatisfied_list",
    "edit",
    "enter_paper",
    "excellent_list",
    "home_member",
    "instruction_request_ask",
    "instruction_request_withdraw",
    "instruction_requests",
    "leader_page",
    "mine",
    "overdue_list",
    "proposal_export",
    "proposal_list",
    "form_document",
    "registration_notice",
    "reply_document",
    "reply_letter",
    "review_queue",
    "similar",
    "unit_queue",
]
