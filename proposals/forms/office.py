"""Forms of the proposal office's own work: a paper proposal entered by staff (代录入), an
evaluation given on paper or by phone, the reply's countersignature and review, reopening an
evaluation window, the proposer's consent to a conversion, the leaders' lists."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.forms import PlausibleDateField, PortalForm, ValidatedFileField
from members.models import HandlingUnit, Member, Session
from members.pickers import MemberChoiceField, MemberMultipleChoiceField

from ..models import BODY_MAX, TITLE_MAX, Countersign, Evaluation, Proposal, ProposalCategory, Reply
from .pipeline import DATE, GIVEN_SCORES, EvaluateForm, _Base
from .units import AssignmentForm

SCAN_TYPES = {"pdf", "ofd", "jpg", "png", "doc", "docx"}


def _sitting():
    return Member.objects.filter(status=Member.Status.SITTING).order_by("name")


class PaperEntryForm(PortalForm):
    """代录入: every field of the paper 提案表, its scan, the day it was handed in and the
    co-signers who signed the paper."""

    first_proposer = MemberChoiceField(label=_("First proposer"))
    handed_in_on = PlausibleDateField(
        label=_("Handed in on"),
        widget=DATE,
        initial=timezone.localdate,
        help_text=_("Decides the session and whether it is a plenary proposal."),
    )
    session = forms.ModelChoiceField(
        Session.objects.all(),
        label=pgettext_lazy("proposal", "Session"),
        required=False,
        help_text=_("Leave empty: the session that takes proposals on that day."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Proposal.Kind.choices)
    organisation = forms.CharField(
        label=_("Proposing organisation"),
        required=False,
        max_length=80,
        help_text=_("For party, committee, sector and collective proposals."),
    )
    title = forms.CharField(label=_("Title (matter)"), max_length=TITLE_MAX)
    category = forms.ModelChoiceField(ProposalCategory.objects.none(), label=_("Category"))
    analysis = forms.CharField(
        label=_("Situation analysis"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    suggestions = forms.CharField(
        label=_("Suggestions"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    suggested_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.none(),
        label=_("Suggested units"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5, "data-picker": ""}),
    )
    cosigners = MemberMultipleChoiceField(
        label=_("Co-signers who signed the paper form"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    scan = ValidatedFileField(label=_("Scan of the paper form"), max_length=200, allowed=SCAN_TYPES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_proposer"].queryset = _sitting()
        self.fields["cosigners"].queryset = _sitting()
        self.fields["category"].queryset = ProposalCategory.objects.filter(is_active=True)
        self.fields["suggested_units"].queryset = HandlingUnit.objects.filter(is_active=True)
        for f in self.fields.values():
            css = (
                "form-select"
                if isinstance(f.widget, forms.Select | forms.SelectMultiple)
                else "form-control"
            )
            f.widget.attrs.setdefault("class", css)


class ConsentForm(_Base):
    target = forms.ChoiceField(
        label=_("It may become"),
        choices=[c for c in Proposal.Conversion.choices if c[0]],
        widget=forms.RadioSelect,
        initial=Proposal.Conversion.REPORT,
    )


class ReopenForm(_Base):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecordEvaluationForm(EvaluateForm):
    """An evaluation a proposer gave on paper or by phone, recorded by staff."""

    member = MemberChoiceField(label=_("Proposer"))
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[c for c in Evaluation.Channel.choices if c[0] != Evaluation.Channel.ONLINE],
    )
    received_on = PlausibleDateField(label=_("Given on"), widget=DATE, initial=timezone.localdate)
    field_order = ["member", "channel", "received_on"]

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        members = list(members)
        self.fields["member"].queryset = Member.objects.filter(pk__in=[m.pk for m in members])
        if members and not self.is_bound:
            self.fields["member"].initial = members[0].pk


class DraftChoiceField(forms.ChoiceField):
    """A draft reply and the version of it the page was built on ("id:version"), so a
    countersignature or review of a draft that changed since is refused as stale."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=(), **kwargs)
        self.drafts = {}

    def set_drafts(self, drafts, label):
        self.drafts = {r.pk: r for r in drafts}
        self.choices = [(f"{r.pk}:{r.version}", label(r)) for r in drafts]
        if len(drafts) == 1:
            self.initial = self.choices[0][0]
            self.widget = forms.HiddenInput()

    def valid_value(self, value):
        return True  # an older version is the service's to refuse (stale), not a form error

    def clean(self, value):
        value = super().clean(value)
        pk, _sep, version = str(value).partition(":")
        draft = self.drafts.get(int(pk)) if re.fullmatch(r"[0-9]{1,18}", pk) else None
        if draft is None or not re.fullmatch(r"[0-9]{1,9}", version):
            raise forms.ValidationError(_("This draft reply is not open to you."))
        return draft, int(version)


class CountersignForm(AssignmentForm):
    draft = DraftChoiceField(label=_("Draft reply"))
    decision = forms.ChoiceField(
        label=_("Countersignature"), choices=Countersign.Decision.choices, widget=forms.RadioSelect
    )
    view = forms.CharField(
        label=_("View kept on the record"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..rules import lead_draft

        draft = lead_draft(self.proposal) if self.proposal is not None else None
        self.fields["draft"].set_drafts([draft] if draft else [], lambda r: r.unit.name)

    def clean(self):
        data = super().clean()
        decision, view = data.get("decision"), (data.get("view") or "").strip()
        if decision == Countersign.Decision.AGREE_WITH_VIEW and not view:
            self.add_error("view", _("Write the view to keep on the record."))
        elif decision == Countersign.Decision.AGREE and view:
            self.add_error("view", _("To keep a view on the record, agree with a view."))
        return data


class ReviewReplyForm(_Base):
    """督办审核: release the draft (changing the category with a reason), or send it back."""

    draft = DraftChoiceField(label=_("Draft reply"))
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("release", _("Release to the proposers")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
        initial="release",
    )
    result = forms.ChoiceField(label=_("Result category"), choices=Reply.Result.choices)
    reason = forms.CharField(
        label=_("Reason for changing the category"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label=_("Comment (to the unit; required when sending back)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, replies=(), **kwargs):
        super().__init__(*args, **kwargs)
        replies = list(replies)
        self.fields["draft"].set_drafts(replies, lambda r: f"{r.unit.name} · {r.result}")
        if len(replies) == 1 and not self.is_bound:
            self.fields["result"].initial = replies[0].result

    def clean(self):
        data = super().clean()
        picked = data.get("draft")
        if data.get("decision") == "send_back" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the unit should change."))
        if (
            data.get("decision") == "release"
            and picked
            and data.get("result")
            and data["result"] != picked[0].result
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reason for changing the category."))
        return data


class ListFilterForm(PortalForm):
    """The leaders' and members' lists: one session (or all)."""

    session = forms.ModelChoiceField(
        Session.objects.all(), label=pgettext_lazy("proposal", "Session"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].widget.attrs["class"] = "form-select form-select-sm"

    def session_id(self):
        if self.is_valid() and self.cleaned_data["session"]:
            return self.cleaned_data["session"].pk
        return None


__all__ = [
    "GIVEN_SCORES",
    "ConsentForm",
    "CountersignForm",
    "DraftChoiceField",
    "ListFilterForm",
    "PaperEntryForm",
    "RecordEvaluationForm",
    "ReopenForm",
    "ReviewReplyForm",
]
