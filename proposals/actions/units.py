"""What the handling units may do: sign for, ask to return, consult the proposer, send
views, draft the reply and countersign the lead's draft (会签), rate, ask for time."""

from django.utils.translation import gettext_lazy as _

from .. import forms, rules, services
from ._base import _act

UNITS = (
    # 办 — the handling units
    _act(
        "sign_for",
        _("Sign for"),
        forms.AssignmentForm,
        service=services.sign_for,
        params=("assignment",),
        success=_("Signed for."),
        allowed=rules.to_sign_for,
    ),
    _act(
        "request_return",
        _("Ask to return it"),
        forms.ReturnRequestForm,
        service=services.request_return,
        params=(
            "assignment",
            "reason",
        ),
        success=_("Your request has been sent to proposal staff."),
        allowed=rules.returnable,
        confirm=_(
            "Ask to return this proposal? The proposal office decides and may assign it elsewhere."
        ),
    ),
    _act(
        "communicate",
        _("Record a contact with the proposer"),
        forms.CommunicationForm,
        service=services.record_communication,
        params=(
            "assignment",
            "method",
            "occurred_on",
            "summary",
        ),
        success=_("Contact recorded."),
        allowed=rules.leading,
    ),
    _act(
        "views",
        _("Send views to the lead unit"),
        forms.ViewsForm,
        service=services.send_views,
        params=(
            "assignment",
            "views",
        ),
        success=_("Views sent to the lead unit."),
        allowed=rules.co_views_due,
    ),
    _act(
        "reply",
        _("Draft the reply"),
        forms.ReplyForm,
        service=services.draft_reply,
        params=(
            "assignment",
            "result",
            "text",
            "signer",
            "document",
            "is_public",
            "objection",
        ),
        success=_("Draft reply sent on for sign-off."),
        allowed=rules.to_reply,
        confirm=_(
            "Send the draft reply on? It goes to the co-units for countersignature and to the proposal office for review before the proposers see it."
        ),
    ),
    _act(
        "countersign",
        _("Countersign the lead unit's draft reply"),
        forms.CountersignForm,
        run=lambda r, p, d: services.countersign_reply(
            actor=r.user,
            assignment=d["assignment"],
            reply=d["draft"][0],
            version=d["draft"][1],
            decision=d["decision"],
            view=d["view"],
        ),
        success=_("Countersigned."),
        allowed=rules.to_countersign,
    ),
    _act(
        "rate",
        _("Rate the proposal's quality"),
        forms.RateForm,
        service=services.rate_quality,
        params=(
            "assignment",
            "topic",
            "analysis",
            "feasibility",
            "comment",
        ),
        success=_("Rating saved."),
        allowed=rules.to_rate,
    ),
    _act(
        "extension",
        _("Ask for more time"),
        forms.ExtensionForm,
        service=services.request_extension,
        params=(
            "assignment",
            "until",
            "reason",
        ),
        success=_("Your request has been sent to proposal staff."),
        allowed=rules.may_ask_extension,
    ),
)
