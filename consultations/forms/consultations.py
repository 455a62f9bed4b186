"""A consultation's materials and the forms of its steps (consultations.actions)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PlausibleDateField,
    PortalForm,
    ValidatedFileField,
)

from ..models import (
    Consultation,
    Feedback,
    Material,
)
from ._base import (
    DATE,
    DOCS,
    BootstrapMixin,
    StepForm,
)


class MaterialForm(BootstrapMixin, PortalForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Material.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = ValidatedFileField(label=_("File"), required=False, allowed=DOCS)


class HeldForm(StepForm):
    held_on = PlausibleDateField(label=_("Date held"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), max_length=120)
    officials_present = forms.CharField(
        label=_("Officials present"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(StepForm):
    outcome_kind = forms.ChoiceField(
        label=_("Outcome document"), choices=Consultation.OutcomeKind.choices
    )
    outcome_title = forms.CharField(label=_("Title"), max_length=200)
    outcome_text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome_document = ValidatedFileField(label=_("File"), required=False, allowed=DOCS)
    sent_on = PlausibleDateField(label=_("Sent on"), widget=DATE)
    recipients = forms.CharField(label=_("Sent to"), max_length=200, initial="区委、区政府")


class SpeechChoiceField(forms.ModelMultipleChoiceField):
    """Speeches named with their speaker: two members may give speeches of the same title."""

    def label_from_instance(self, speech):
        return _("%(member)s: %(title)s") % {"member": speech.member.name, "title": speech.title}


class FeedbackForm(StepForm):
    result = forms.ChoiceField(label=_("Result"), choices=Feedback.Result.choices)
    received_on = PlausibleDateField(label=_("Received on"), widget=DATE)
    text = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 4}))
    leader_instructions = forms.CharField(
        label=_("Leader instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    suggestions_answered = forms.CharField(
        label=_("Suggestions answered"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    speeches = SpeechChoiceField(
        label=_("Speeches answered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, speeches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speeches"].queryset = speeches
