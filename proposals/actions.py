"""Every action a person may take on a proposal's page, next to the transitions of
proposals.workflow: its form, the service it calls, what it says when done, and the rule
(proposals.rules) that decides who may take it now — the rule the service calls as well."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import Action, Actions

from . import forms, rules, services
from .models import Attachment, CoSigner, ExtensionRequest, ReturnRequest

ARE_YOU_SURE = _("Are you sure?")


def _plain(request, p, allowed):
    return {"proposal": p, "user": request.user}


def _for_assignments(request, p, allowed):
    return {"proposal": p, "user": request.user, "assignments": allowed}


def _act(name, label, form, **options):
    """An action on a proposal: its service takes the proposal, its form the proposal and the
    user — or, for the units' actions, the assignments the rule allows (and the service the
    chosen one)."""
    units = issubclass(form, forms.AssignmentForm)
    if not units:
        options.setdefault("record_arg", "proposal")
    kwargs = _for_assignments if units else _plain
    return Action(name, label, form, form_kwargs=kwargs, **options)


ACTIONS = Actions(
    # 提 — the first proposer
    _act(
        "submit",
        _("Submit"),
        forms.EmptyForm,
        service=services.submit,
        success=_("Proposal submitted."),
        allowed=rules.may_edit_draft,
    ),
    _act(
        "withdraw",
        _("Withdraw"),
        forms.CommentForm,
        service=services.withdraw,
        params=("comment",),
        success=_("Proposal withdrawn."),
        allowed=rules.may_withdraw,
        confirm=ARE_YOU_SURE,
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
        _("Agree to convert it into a social-opinion report"),
        forms.EmptyForm,
        service=services.consent_to_conversion,
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
    ),
    # 立 — proposal staff
    _act(
        "register",
        _("Register"),
        forms.RegisterForm,
        service=services.register,
        params=("category",),
        success=_("Registered."),
        allowed=rules.may_review,
    ),
    _act(
        "return",
        _("Return for revision"),
        forms.ReasonForm,
        service=services.return_for_revision,
        params=("comment",),
        success=_("Returned to the proposer."),
        allowed=rules.may_review,
    ),
    _act(
        "not_register",
        _("Do not register"),
        forms.NotRegisterForm,
        service=services.not_register,
        params=(
            "ground",
            "comment",
        ),
        success=_("Marked as not registered."),
        allowed=rules.may_review,
        confirm=ARE_YOU_SURE,
        style="outline-danger",
    ),
    _act(
        "merge",
        _("Merge into another proposal"),
        forms.MergeForm,
        service=services.merge,
        params=("into",),
        success=_("Merged."),
        allowed=rules.may_merge,
        confirm=ARE_YOU_SURE,
        style="outline-danger",
        template="proposals/actions/merge.html",
    ),
    _act(
        "convert",
        _("Convert into a social-opinion report"),
        forms.EmptyForm,
        service=services.convert_to_report,
        success=_("Converted into a social-opinion report."),
        allowed=rules.may_convert,
    ),
    # 办 — proposal staff assign and decide the units' requests
    _act(
        "assign",
        _("Assign handling units"),
        forms.AssignForm,
        service=services.assign,
        params=(
            "lead",
            "co_units",
            "split_units",
        ),
        success=_("Assigned."),
        allowed=rules.may_assign,
        template="proposals/actions/assign.html",
    ),
    _act(
        "decide_return",
        _("Decide a return request"),
        forms.DecisionForm,
        run=lambda r, p, d: services.decide_return(
            actor=r.user,
            request=get_object_or_404(ReturnRequest, pk=d["request"], assignment__proposal=p),
            approve=d["approve"],
            note=d["note"],
        ),
        success=_("Decision recorded."),
        allowed=rules.pending_return_requests,
        template="proposals/actions/decide.html",
    ),
    _act(
        "decide_extension",
        _("Decide an extension request"),
        forms.DecisionForm,
        run=lambda r, p, d: services.decide_extension(
            actor=r.user,
            request=get_object_or_404(ExtensionRequest, pk=d["request"], assignment__proposal=p),
            approve=d["approve"],
        ),
        success=_("Decision recorded."),
        allowed=rules.pending_extensions,
        template="proposals/actions/decide.html",
    ),
    _act(
        "key",
        _("Key proposal and supervising leaders"),
        forms.KeyForm,
        service=services.set_key,
        params=(
            "is_key",
            "leaders",
        ),
        success=_("Saved."),
        allowed=rules.may_mark,
    ),
    _act(
        "excellence",
        _("Excellent proposal"),
        forms.ExcellenceForm,
        service=services.set_excellence,
        params=("excellence",),
        success=_("Saved."),
        allowed=rules.may_mark,
    ),
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
        _("Reply"),
        forms.ReplyForm,
        service=services.reply,
        params=(
            "assignment",
            "result",
            "text",
            "signer",
            "document",
            "is_public",
        ),
        success=_("Reply sent."),
        allowed=rules.to_reply,
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
    # 督 — leaders
    _act(
        "supervise",
        _("Record supervision"),
        forms.SupervisionForm,
        service=services.record_supervision,
        params=(
            "kind",
            "occurred_on",
            "note",
        ),
        success=_("Supervision recorded."),
        allowed=rules.may_supervise,
    ),
    _act(
        "instruct",
        _("Record an instruction"),
        forms.InstructionForm,
        service=services.record_instruction,
        params=("text",),
        success=_("Instruction recorded."),
        allowed=rules.may_instruct,
    ),
)
