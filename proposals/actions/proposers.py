"""What the proposers may do: write, co-sign, withdraw, consent to a conversion, evaluate."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .. import forms, rules, services
from ..disclosure.forms import SubmitForm
from ..models import Attachment, CoSigner
from ._base import _act

PROPOSERS = (
    # 提 — the first proposer
    _act(
        "submit",
        _("Submit"),
        SubmitForm,
        service=services.submit,
        params=("disclose",),
        success=_("Proposal submitted."),
        allowed=rules.may_edit_draft,
        confirm=_(
            "Submit the proposal? It goes to the proposal office for review and can no longer be edited."
        ),
    ),
    _act(
        "withdraw",
        _("Withdraw"),
        forms.CommentForm,
        service=services.withdraw,
        params=("comment",),
        success=_("Proposal withdrawn."),
        allowed=rules.may_withdraw,
        confirm=_(
            "Withdraw the proposal? It will no longer be handled, and the co-signers are told."
        ),
        style="outline-danger",
    ),
    _act(
        "invite",
        _("Invite a co-signer"),
        forms.InviteForm,
        service=services.invite_cosigner,
        params=("member",),
        success=_("Invitation sent."),
        allowed=rules.may_edit_draft,
    ),
    _act(
        "uninvite",
        _("Remove co-signer"),
        forms.CosignerForm,
        run=lambda r, p, d: services.remove_cosigner(
            actor=r.user, cosigner=get_object_or_404(CoSigner, pk=d["cosigner"], proposal=p)
        ),
        success=_("Co-signer removed."),
        allowed=rules.may_edit_draft,
        inline=True,
    ),
    _act(
        "attach",
        _("Add an attachment"),
        forms.AttachForm,
        service=services.add_attachment,
        params=("file",),
        success=_("Attachment added."),
        allowed=rules.may_edit_draft,
    ),
    _act(
        "unattach",
        _("Remove attachment"),
        forms.AttachmentIdForm,
        run=lambda r, p, d: services.remove_attachment(
            actor=r.user,
            attachment=get_object_or_404(Attachment, pk=d["attachment"], proposal=p),
        ),
        success=_("Attachment removed."),
        allowed=rules.may_edit_draft,
        inline=True,
    ),
    _act(
        "consent",
        _("Agree to convert it"),
        forms.ConsentForm,
        service=services.consent_to_conversion,
        params=("target",),
        success=_("Your consent has been recorded."),
        allowed=rules.may_consent_to_conversion,
    ),
    # 评 — the proposers
    _act(
        "evaluate",
        _("Evaluate the reply"),
        forms.EvaluateForm,
        run=lambda r, p, d: services.evaluate(actor=r.user, proposal=p, **d),
        success=_("Thank you for your evaluation."),
        allowed=rules.may_evaluate,
        confirm=_(
            "Send your evaluation? It cannot be changed; if you are dissatisfied, the units handle the proposal again."
        ),
    ),
)
