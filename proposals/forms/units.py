"""Forms of the handling units' actions: each names one of the user's units' assignments on
the proposal (the rule's list), and the unit's own fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.forms import PlausibleDateField, ValidatedFileField

from ..models import BODY_MAX, Communication, Reply
from ..rules import round_replies
from .pipeline import DATE, SCORES, _Base


class AssignmentForm(_Base):
    """A unit action: the assignment must be one of the user's units' on this proposal."""

    assignment = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assignments=(), **kwargs):
        self.assignments = {a.pk: a for a in assignments}
        super().__init__(*args, **kwargs)
        if len(self.assignments) == 1 and not self.is_bound:
            self.fields["assignment"].initial = next(iter(self.assignments))

    def clean_assignment(self):
        a = self.assignments.get(self.cleaned_data["assignment"])
        if a is None:
            raise forms.ValidationError(_("Not your unit's assignment."))
        return a


class ReturnRequestForm(AssignmentForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommunicationForm(AssignmentForm):
    method = forms.ChoiceField(label=_("Method"), choices=Communication.Method.choices)
    occurred_on = PlausibleDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    summary = forms.CharField(
        label=pgettext_lazy("proposal", "Summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ViewsForm(AssignmentForm):
    views = forms.CharField(
        label=_("Views for the lead unit"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(AssignmentForm):
    """The lead (or split) unit's draft reply; a sent-back draft comes back filled in."""

    result = forms.ChoiceField(label=_("Result category"), choices=Reply.Result.choices)
    text = forms.CharField(
        label=_("Reply"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    signer = forms.CharField(label=_("Signing official"), max_length=40)
    document = ValidatedFileField(
        label=_("Signed document"),
        required=False,
        max_length=200,  # Reply.document_name: longer would be cut, losing the extension
        allowed={"pdf", "ofd", "doc", "docx", "jpg", "png"},
    )
    is_public = forms.BooleanField(label=_("May be made public"), required=False, initial=True)
    objection = forms.CharField(
        label=_("If not: why the reply should not be published"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.proposal is None or self.is_bound:
            return
        units = {a.unit_id for a in self.assignments.values()}
        draft = next((r for r in round_replies(self.proposal) if r.unit_id in units), None)
        if draft is not None:  # sent back: revise it
            for name in ("result", "text", "signer", "is_public"):
                self.fields[name].initial = getattr(draft, name)
            self.fields["objection"].initial = draft.disclosure_objection
            if draft.document:
                self.fields["document"].help_text = _(
                    "Kept: %(name)s. Attach another to replace it."
                ) % {"name": draft.document_name}


class RateForm(AssignmentForm):
    topic = forms.TypedChoiceField(label=_("Choice of topic"), choices=SCORES, coerce=int)
    analysis = forms.TypedChoiceField(label=_("Analysis"), choices=SCORES, coerce=int)
    feasibility = forms.TypedChoiceField(
        label=_("Feasibility of suggestions"), choices=SCORES, coerce=int
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class ExtensionForm(AssignmentForm):
    until = PlausibleDateField(label=_("New reply date"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
