"""Supervision plans and items, inspections, findings and the rectification steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PlausibleDateField,
    PortalForm,
)
from members.models import HandlingUnit, Member, SpecialCommittee

from ..models import (
    SupervisionItem,
)
from ..rules import INVITED_SUPERVISOR_POST
from ._base import (
    DATE,
    BootstrapMixin,
    StepForm,
    _member_numbers,
    _unknown_numbers_error,
)


def _supervisor_queryset():
    return Member.objects.filter(posts__post__code=INVITED_SUPERVISOR_POST).distinct()


class SupervisionPlanForm(BootstrapMixin, PortalForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    approved_on = PlausibleDateField(label=_("Approval date"), required=False, widget=DATE)


class SupervisionItemForm(BootstrapMixin, PortalForm):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=SupervisionItem.Form.choices)
    planned_month = forms.TypedChoiceField(
        label=_("Planned month"), coerce=int, choices=[(m, m) for m in range(1, 13)]
    )
    target_unit = forms.ModelChoiceField(
        label=_("Target department"), queryset=HandlingUnit.objects.all(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Organising committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    supervisors = forms.ModelMultipleChoiceField(
        label=_("Invited supervisors"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisors"].queryset = _supervisor_queryset()


class InspectionForm(BootstrapMixin, PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = PlausibleDateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    committee = forms.ModelChoiceField(
        label=_("Organising committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    target_unit = forms.ModelChoiceField(
        label=_("Target department"), queryset=HandlingUnit.objects.all(), required=False
    )
    supervision_item = forms.ModelChoiceField(
        label=_("Supervision item"), queryset=SupervisionItem.objects.all(), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    participant_numbers = forms.CharField(
        label=_("Participants (member numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supervisors = forms.ModelMultipleChoiceField(
        label=_("Invited supervisors"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisors"].queryset = _supervisor_queryset()

    def clean_participant_numbers(self):
        numbers = _member_numbers(self.cleaned_data["participant_numbers"])
        members = list(Member.objects.filter(number__in=numbers))
        unknown = set(numbers) - {m.number for m in members}
        if unknown:
            raise forms.ValidationError(_unknown_numbers_error(sorted(unknown)))
        return members


class ParticipantsForm(BootstrapMixin, PortalForm):
    participant_numbers = InspectionForm.base_fields["participant_numbers"]
    clean_participant_numbers = InspectionForm.clean_participant_numbers


class FindingForm(BootstrapMixin, PortalForm):
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=HandlingUnit.objects.filter(is_active=True)
    )
    deadline = PlausibleDateField(label=_("Rectification deadline"), widget=DATE)


class ReportRectificationForm(StepForm):
    feedback = forms.CharField(
        label=_("Department's feedback"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_on = PlausibleDateField(label=_("Reported on"), widget=DATE)


class VerifyForm(StepForm):
    accepted = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Verified")), ("no", _("Reopen"))],
    )
    verification = forms.CharField(
        label=_("Verification"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_deadline = PlausibleDateField(label=_("New deadline"), required=False, widget=DATE)
