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


def _act(name, label, form, run, success, allowed, **options):
    """An action whose form takes the proposal and the user (and the assignments the rule
    allows, for the units' forms)."""
    kwargs = _for_assignments if issubclass(form, forms.AssignmentForm) else _plain
    return Action(
        name, label, form, run=run, success=success, allowed=allowed, form_kwargs=kwargs, **options
    )


ACTIONS = Actions(
    # 提 — the first proposer
    _act(
        "submit",
        _("Submit"),
        forms.EmptyForm,
        lambda r, p, d: services.submit(actor=r.user, proposal=p),
        _("Proposal submitted."),
        rules.may_edit_draft,
    ),
    _act(
        "withdraw",
        _("Withdraw"),
        forms.CommentForm,
        lambda r, p, d: services.withdraw(actor=r.user, proposal=p, comment=d["comment"]),
        _("Proposal withdrawn."),
        rules.may_withdraw,
        confirm=ARE_YOU_SURE,
        style="outline-danger",
    ),
    _act(
        "invite",
        _("Invite a co-signer"),
        forms.InviteForm,
        lambda r, p, d: services.invite_cosigner(actor=r.user, proposal=p, member=d["member"]),
        _("Invitation sent."),
        rules.may_edit_draft,
    ),
    _act(
        "uninvite",
        _("Remove co-signer"),
        forms.CosignerForm,
        lambda r, p, d: services.remove_cosigner(
            actor=r.user, cosigner=get_object_or_404(CoSigner, pk=d["cosigner"], proposal=p)
        ),
        _("Co-signer removed."),
        rules.may_edit_draft,
        inline=True,
    ),
    _act(
        "attach",
        _("Add an attachment"),
        forms.AttachForm,
        lambda r, p, d: services.add_attachment(actor=r.user, proposal=p, file=d["file"]),
        _("Attachment added."),
        rules.may_edit_draft,
    ),
    _act(
        "unattach",
        _("Remove attachment"),
        forms.AttachmentIdForm,
        lambda r, p, d: services.remove_attachment(
            actor=r.user,
            attachment=get_object_or_404(Attachment, pk=d["attachment"], proposal=p),
        ),
        _("Attachment removed."),
        rules.may_edit_draft,
        inline=True,
    ),
    _act(
        "consent",
        _("Agree to convert it into a social-opinion report"),
        forms.EmptyForm,
        lambda r, p, d: services.consent_to_conversion(actor=r.user, proposal=p),
        _("Your consent has been recorded."),
        rules.may_consent_to_conversion,
    ),
    # 评 — the proposers
    _act(
        "evaluate",
        _("Evaluate the reply"),
        forms.EvaluateForm,
        lambda r, p, d: services.evaluate(actor=r.user, proposal=p, **d),
        _("Thank you for your evaluation."),
        rules.may_evaluate,
    ),
    # 立 — proposal staff
    _act(
        "register",
        _("Register"),
        forms.RegisterForm,
        lambda r, p, d: services.register(actor=r.user, proposal=p, category=d["category"]),
        _("Registered."),
        rules.may_review,
    ),
    _act(
        "return",
        _("Return for revision"),
        forms.ReasonForm,
        lambda r, p, d: services.return_for_revision(
            actor=r.user, proposal=p, comment=d["comment"]
        ),
        _("Returned to the proposer."),
        rules.may_review,
    ),
    _act(
        "not_register",
        _("Do not register"),
        forms.NotRegisterForm,
        lambda r, p, d: services.not_register(
            actor=r.user, proposal=p, ground=d["ground"], comment=d["comment"]
        ),
        _("Marked as not registered."),
        rules.may_review,
        confirm=ARE_YOU_SURE,
        style="outline-danger",
    ),
    _act(
        "merge",
        _("Merge into another proposal"),
        forms.MergeForm,
        lambda r, p, d: services.merge(actor=r.user, proposal=p, into=d["into"]),
        _("Merged."),
        rules.may_merge,
        confirm=ARE_YOU_SURE,
        style="outline-danger",
        template="proposals/actions/merge.html",
    ),
    _act(
        "convert",
        _("Convert into a social-opinion report"),
        forms.EmptyForm,
        lambda r, p, d: services.convert_to_report(actor=r.user, proposal=p),
        _("Converted into a social-opinion report."),
        rules.may_convert,
    ),
    # 办 — proposal staff assign and decide the units' requests
    _act(
        "assign",
        _("Assign handling units"),
        forms.AssignForm,
        lambda r, p, d: services.assign(
            actor=r.user,
            proposal=p,
            lead=d["lead"],
            co_units=d["co_units"],
            split_units=d["split_units"],
        ),
        _("Assigned."),
        rules.may_assign,
        template="proposals/actions/assign.html",
    ),
    _act(
        "decide_return",
        _("Decide a return request"),
        forms.DecisionForm,
        lambda r, p, d: services.decide_return(
            actor=r.user,
            request=get_object_or_404(ReturnRequest, pk=d["request"], assignment__proposal=p),
            approve=d["approve"],
            note=d["note"],
        ),
        _("Decision recorded."),
        rules.pending_return_requests,
        template="proposals/actions/decide.html",
    ),
    _act(
        "decide_extension",
        _("Decide an extension request"),
        forms.DecisionForm,
        lambda r, p, d: services.decide_extension(
            actor=r.user,
            request=get_object_or_404(ExtensionRequest, pk=d["request"], assignment__proposal=p),
            approve=d["approve"],
        ),
        _("Decision recorded."),
        rules.pending_extensions,
        template="proposals/actions/decide.html",
    ),
    _act(
        "key",
        _("Key proposal and supervising leaders"),
        forms.KeyForm,
        lambda r, p, d: services.set_key(
            actor=r.user, proposal=p, is_key=d["is_key"], leaders=d["leaders"]
        ),
        _("Saved."),
        rules.may_mark,
    ),
    _act(
        "excellence",
        _("Excellent proposal"),
        forms.ExcellenceForm,
        lambda r, p, d: services.set_excellence(
            actor=r.user, proposal=p, excellence=d["excellence"]
        ),
        _("Saved."),
        rules.may_mark,
    ),
    # 办 — the handling units
    _act(
        "sign_for",
        _("Sign for"),
        forms.AssignmentForm,
        lambda r, p, d: services.sign_for(actor=r.user, assignment=d["assignment"]),
        _("Signed for."),
        rules.to_sign_for,
    ),
    _act(
        "request_return",
        _("Ask to return it"),
        forms.ReturnRequestForm,
        lambda r, p, d: services.request_return(
            actor=r.user, assignment=d["assignment"], reason=d["reason"]
        ),
        _("Your request has been sent to proposal staff."),
        rules.returnable,
    ),
    _act(
        "communicate",
        _("Record a contact with the proposer"),
        forms.CommunicationForm,
        lambda r, p, d: services.record_communication(
            actor=r.user,
            assignment=d["assignment"],
            method=d["method"],
            occurred_on=d["occurred_on"],
            summary=d["summary"],
        ),
        _("Contact recorded."),
        rules.leading,
    ),
    _act(
        "views",
        _("Send views to the lead unit"),
        forms.ViewsForm,
        lambda r, p, d: services.send_views(
            actor=r.user, assignment=d["assignment"], views=d["views"]
        ),
        _("Views sent to the lead unit."),
        rules.co_views_due,
    ),
    _act(
        "reply",
        _("Reply"),
        forms.ReplyForm,
        lambda r, p, d: services.reply(
            actor=r.user,
            assignment=d["assignment"],
            result=d["result"],
            text=d["text"],
            signer=d["signer"],
            document=d["document"],
            is_public=d["is_public"],
        ),
        _("Reply sent."),
        rules.to_reply,
    ),
    _act(
        "rate",
        _("Rate the proposal's quality"),
        forms.RateForm,
        lambda r, p, d: services.rate_quality(
            actor=r.user,
            assignment=d["assignment"],
            topic=d["topic"],
            analysis=d["analysis"],
            feasibility=d["feasibility"],
            comment=d["comment"],
        ),
        _("Rating saved."),
        rules.to_rate,
    ),
    _act(
        "extension",
        _("Ask for more time"),
        forms.ExtensionForm,
        lambda r, p, d: services.request_extension(
            actor=r.user, assignment=d["assignment"], until=d["until"], reason=d["reason"]
        ),
        _("Your request has been sent to proposal staff."),
        rules.may_ask_extension,
    ),
    # 督 — leaders
    _act(
        "supervise",
        _("Record supervision"),
        forms.SupervisionForm,
        lambda r, p, d: services.record_supervision(
            actor=r.user,
            proposal=p,
            kind=d["kind"],
            occurred_on=d["occurred_on"],
            note=d["note"],
        ),
        _("Supervision recorded."),
        rules.may_supervise,
    ),
    _act(
        "instruct",
        _("Record an instruction"),
        forms.InstructionForm,
        lambda r, p, d: services.record_instruction(actor=r.user, proposal=p, text=d["text"]),
        _("Instruction recorded."),
        rules.may_instruct,
    ),
)
