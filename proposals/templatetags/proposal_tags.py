"""Labels for states, timeline events and actions, so templates never hard-code them."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proposals.models import Proposal

register = template.Library()

STATUS = dict(Proposal.Status.choices)
STATUS_COLOUR = {
    "draft": "secondary",
    "submitted": "info",
    "returned": "warning",
    "withdrawn": "secondary",
    "registered": "primary",
    "not_registered": "dark",
    "merged": "dark",
    "assigned": "primary",
    "handling": "primary",
    "replied": "success",
    "rehandling": "warning",
    "closed": "success",
}
EVENTS = {
    "create": _("Draft created"),
    "create_from": _("Draft prepared from a resident's opinion"),
    "invite": _("Co-signer invited"),
    "uninvite": _("Co-signer removed"),
    "cosign_confirm": _("Co-signer confirmed"),
    "cosign_decline": _("Co-signer declined"),
    "cosign_expired": _("Co-signer dropped off"),
    "submit": _("Submitted"),
    "withdraw": _("Withdrawn"),
    "return": _("Returned for revision"),
    "register": _("Registered"),
    "not_register": _("Not registered"),
    "consent": _("Proposer agreed to conversion"),
    "convert": _("Converted into a social-opinion report"),
    "merge": _("Merged into another proposal"),
    "merged_in": _("Another proposal merged into this one"),
    "assign": _("Assigned"),
    "release": _("Taken back for reassignment"),
    "sign_for": _("Signed for"),
    "return_request": _("Unit asked to return it"),
    "return_approved": _("Return approved"),
    "return_rejected": _("Return refused"),
    "communicate": _("Contact with the proposer"),
    "co_views": _("Co-unit sent its views"),
    "unit_reply": _("A unit replied"),
    "reply": _("Replied"),
    "quality_rating": _("Unit rated the proposal"),
    "extension_request": _("Extension requested"),
    "extension_approved": _("Extension approved"),
    "extension_rejected": _("Extension refused"),
    "rehandle": _("Sent back for rehandling"),
    "close": _("Closed"),
    "close_not_evaluated": _("Closed without evaluation"),
    "cosigner_evaluation": _("Co-signer evaluated the reply"),
    "key": _("Marked as a key proposal"),
    "unkey": _("No longer a key proposal"),
    "excellent_nominated": _("Nominated as excellent"),
    "excellent_selected": _("Selected as an excellent proposal"),
    "excellent_none": _("Excellence withdrawn"),
    "supervision": pgettext_lazy("proposal", "Supervision"),
    "instruction": _("Leader's instruction"),
    "instruction_asked": _("A leader's instruction asked for"),
    "instruction_request_withdrawn": _("Request for an instruction withdrawn"),
    "deadline_moved": _("Deadline moved by the holiday notice"),
    "enter_on_paper": _("Entered from the paper form"),
    "imported": _("Imported from a past record"),
    "reply_drafted": _("Draft reply written"),
    "reply_revised": _("Draft reply revised"),
    "countersign": _("Countersigned by a co-unit"),
    "reply_to_review": _("Draft reply sent for review"),
    "result_changed": _("Result category changed in review"),
    "reply_sent_back": _("Draft reply sent back to the unit"),
    "reply_released": _("Reply released to the proposers"),
    "evaluation_recorded": _("Evaluation recorded by proposal staff"),
    "reopen_evaluation": _("Evaluation reopened"),
    "convert_letter": _("Converted into a member's letter"),
    "disclosure_agreed": _("Proposer agreed to public disclosure"),
    "disclosure_declined": _("Proposer did not agree to public disclosure"),
    "disclosure_approved": _("Approved for the public pages"),
    "disclosure_refused": _("Refused for the public pages"),
    "disclosure_objection": _("A unit objected to publishing its reply"),
    "disclosure_reply_published": _("Objection overruled: the reply is published"),
    "disclosure_reply_withheld": _("Objection upheld: the reply is not published"),
}


@register.filter
def status_label(code):
    return STATUS.get(code, code)


@register.filter
def status_colour(code):
    return STATUS_COLOUR.get(code, "secondary")


# Timeline events only proposal staff see: members and units never learn of instruction requests.
STAFF_ONLY_EVENTS = frozenset({"instruction_asked", "instruction_request_withdrawn"})


@register.filter
def staff_only_event(code):
    return code in STAFF_ONLY_EVENTS


# The reply's sign-off before release: for the units, staff and leaders, not the proposers.
SIGNOFF_EVENTS = frozenset(
    {
        "reply_drafted",
        "reply_revised",
        "countersign",
        "reply_to_review",
        "result_changed",
        "reply_sent_back",
        "disclosure_objection",
        "disclosure_reply_published",
        "disclosure_reply_withheld",
    }
)


@register.filter
def signoff_event(code):
    return code in SIGNOFF_EVENTS


@register.filter
def event_label(code):
    return EVENTS.get(code, code)


@register.filter
def days_left(day):
    """Days until a due date (negative when overdue), in the district's time zone."""
    if not day:
        return None
    from django.utils import timezone

    return (day - timezone.localdate()).days


@register.filter
def absval(n):
    return abs(n) if n is not None else n


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def get_result(config, code):
    return config.result_label(code)
