"""Research projects and reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PlausibleDateField,
    PortalForm,
    ValidatedFileField,
)
from members.models import Member, SpecialCommittee

from ..models import (
    ResearchProject,
)
from ._base import (
    DATE,
    DOCS,
    BootstrapMixin,
)
from .supervision import InspectionForm


class ResearchProjectForm(BootstrapMixin, PortalForm):
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    starts_on = PlausibleDateField(label=_("Starts on"), widget=DATE)
    ends_on = PlausibleDateField(label=_("Ends on"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    participant_numbers = InspectionForm.base_fields["participant_numbers"]
    clean_participant_numbers = InspectionForm.clean_participant_numbers

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A project cannot end before it starts."))
        return data


class ResearchReportForm(BootstrapMixin, PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    project = forms.ModelChoiceField(
        label=_("Research project"), queryset=ResearchProject.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = ValidatedFileField(label=_("File"), required=False, allowed=DOCS)
    author_number = forms.CharField(label=_("Author (member number)"), required=False)
    author_committee = forms.ModelChoiceField(
        label=_("Author committee"), queryset=SpecialCommittee.objects.all(), required=False
    )

    def __init__(self, *args, projects=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects
        if not staff:
            del self.fields["author_number"]
            del self.fields["author_committee"]

    def clean_author_number(self):
        number = self.cleaned_data["author_number"].strip()
        if not number:
            return None
        member = Member.objects.filter(number=number).first()
        if member is None:
            raise forms.ValidationError(_("Unknown member number."))
        return member
