"""The deadlines the proposal pipeline opens (DOMAIN §2.5), by slug, with their names; the
reminder scanner and the deadline pages read the names from here (notifications.reminders)."""

from django.utils.translation import gettext_lazy

DUTY = {
    "cosigner": "proposal.cosigner_confirm",
    "signfor": "proposal.unit_signfor",
    "views": "proposal.co_unit_views",
    "reply": "proposal.lead_reply",
    "extension": "proposal.extension_reply",
    "rehandling": "proposal.rehandling_reply",
    "evaluation": "proposal.evaluation",
    "countersign": "proposal.countersign",
    "review": "proposal.reply_review",
    "revision": "proposal.reply_revision",
}
SIGNOFF_DUTIES = (DUTY["countersign"], DUTY["review"], DUTY["revision"])
REPLY_DUTIES = (DUTY["reply"], DUTY["extension"], DUTY["rehandling"])

DUTIES = {
    DUTY["cosigner"]: gettext_lazy("Co-signer confirmation"),
    DUTY["signfor"]: gettext_lazy("Unit sign-for or return"),
    DUTY["views"]: gettext_lazy("Co-unit views"),
    DUTY["reply"]: gettext_lazy("Lead unit reply"),
    DUTY["extension"]: gettext_lazy("Reply after extension"),
    DUTY["rehandling"]: gettext_lazy("Rehandling reply"),
    DUTY["evaluation"]: gettext_lazy("Proposer evaluation"),
    DUTY["countersign"]: gettext_lazy("Co-unit countersignature"),
    DUTY["review"]: gettext_lazy("Review of the draft reply"),
    DUTY["revision"]: gettext_lazy("Revision of a sent-back draft reply"),
}
