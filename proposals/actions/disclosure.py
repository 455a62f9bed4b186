"""The disclosure actions (docs/DISCLOSURE.md): the first proposer changes the agreement until
registration; proposal staff approve or refuse publication; a unit objects to publishing its
reply and staff decide."""

from django.utils.translation import gettext_lazy as _

from .. import services
from ..disclosure import forms, rules
from ._base import _act


def _with_replies(request, p, allowed):
    return {"proposal": p, "user": request.user, "replies": allowed}


DISCLOSURE = (
    _act(
        "disclosure_consent",
        _("Agreement to public disclosure"),
        forms.ConsentForm,
        service=services.set_disclosure_consent,
        params=(("agree", "disclose"),),
        success=_("Your answer on public disclosure has been saved."),
        allowed=rules.may_change_consent,
    ),
    _act(
        "review_disclosure",
        _("Review public disclosure"),
        forms.ReviewDisclosureForm,
        service=services.review_disclosure,
        params=("decision", "reason"),
        success=_("Disclosure decision recorded."),
        allowed=rules.may_review_disclosure,
        confirm=_(
            "Record this decision? An approved proposal and its reply appear on the public pages at once."
        ),
    ),
    _act(
        "object_disclosure",
        _("Object to publishing the reply"),
        forms.ObjectForm,
        run=lambda r, p, d: services.object_to_reply_disclosure(
            actor=r.user, reply=d["draft"][0], version=d["draft"][1], reason=d["reason"]
        ),
        success=_("Your objection has been sent to proposal staff."),
        allowed=rules.replies_to_object,
        form_kwargs=_with_replies,
        style="outline-danger",
    ),
    _act(
        "decide_objection",
        _("Decide an objection to publishing a reply"),
        forms.DecideObjectionForm,
        run=lambda r, p, d: services.decide_reply_disclosure(
            actor=r.user,
            reply=d["draft"][0],
            version=d["draft"][1],
            decision=d["decision"],
            reason=d["reason"],
        ),
        success=_("Decision recorded."),
        allowed=rules.objections_to_decide,
        form_kwargs=_with_replies,
    ),
)
