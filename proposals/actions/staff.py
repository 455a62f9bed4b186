"""What proposal staff may do: review, assign, decide the units' requests, mark key and
excellent proposals — and the office's own work: record a paper or phone evaluation,
review the reply before release (督办审核), reopen an evaluation window."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .. import forms, rules, services
from ..models import ExtensionRequest, ReturnRequest
from ._base import _act

STAFF = (
    # 立 — proposal staff
    _act(
        "register",
        _("Register"),
        forms.RegisterForm,
        service=services.register,
        params=("category",),
        success=_("Registered."),
        allowed=rules.may_review,
        confirm=_("Register the proposal? It gets its number and the proposers are notified."),
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
        confirm=_("Not register the proposal? The proposers are told the ground you choose."),
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
        confirm=_(
            "Merge this proposal into the other? Its proposers become proposers of that one and receive its reply."
        ),
        style="outline-danger",
        template="proposals/actions/merge.html",
    ),
    _act(
        "convert",
        _("Convert as the proposer agreed"),
        forms.EmptyForm,
        service=services.convert,
        success=_("Converted."),
        allowed=rules.may_convert,
        confirm=_(
            "Convert the proposal as the proposer agreed? It leaves the proposals and becomes the chosen kind of record."
        ),
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
        confirm=_(
            "Assign the proposal to these units? They are notified and their deadlines start."
        ),
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
        allowed=rules.may_mark_excellent,
    ),
    # 办 — the reply's review before release (督办审核)
    _act(
        "review_reply",
        _("Review the draft reply"),
        forms.ReviewReplyForm,
        run=lambda r, p, d: services.review_reply(
            actor=r.user,
            reply=d["draft"][0],
            version=d["draft"][1],
            decision=d["decision"],
            result=d["result"],
            reason=d["reason"],
            comment=d["comment"],
        ),
        success=_("Review recorded."),
        allowed=rules.replies_to_review,
        form_kwargs=lambda r, p, allowed: {"proposal": p, "user": r.user, "replies": allowed},
        confirm=_(
            "Record your review? A released reply reaches the proposers at once and their evaluation window starts."
        ),
    ),
    # 评 — an evaluation given on paper or by phone; a window reopened
    _act(
        "record_evaluation",
        _("Record an evaluation given on paper or by phone"),
        forms.RecordEvaluationForm,
        service=services.record_evaluation,
        params=(
            "member",
            "channel",
            "received_on",
            "satisfaction",
            "score_before",
            "score_during",
            "score_reply",
            "comment",
        ),
        success=_("Evaluation recorded."),
        allowed=rules.may_record_evaluation,
        form_kwargs=lambda r, p, allowed: {"proposal": p, "user": r.user, "members": allowed},
        confirm=_(
            "Record this evaluation on the member's behalf? It counts as the member's own and cannot be changed."
        ),
    ),
    _act(
        "reopen_evaluation",
        _("Reopen the evaluation"),
        forms.ReopenForm,
        service=services.reopen_evaluation,
        params=("reason",),
        success=_("The evaluation window is open again."),
        allowed=rules.may_reopen_evaluation,
        confirm=_(
            "Reopen the evaluation? The proposers may evaluate again and a new window starts."
        ),
    ),
)
