"""The yearly plan, its items, scheduling one and an unplanned consultation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PlausibleDateField,
    PortalForm,
    ValidatedFileField,
)
from members.models import HandlingUnit, SpecialCommittee

from ..models import (
    ConsultationForm,
)
from ._base import (
    DATE,
    DOCS,
    TIME,
    BootstrapMixin,
)


class PlanForm(BootstrapMixin, PortalForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    approved_on = PlausibleDateField(label=_("Approval date"), required=False, widget=DATE)
    approval_document = ValidatedFileField(
        label=_("Approval document"), required=False, allowed=DOCS
    )


class PlanItemForm(BootstrapMixin, PortalForm):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    form = forms.ModelChoiceField(
        label=_("Form"), queryset=ConsultationForm.objects.filter(is_active=True)
    )
    planned_month = forms.TypedChoiceField(
        label=_("Planned month"), coerce=int, choices=[(m, m) for m in range(1, 13)]
    )
    lead_leader = forms.CharField(label=_("Lead leader"), max_length=60, required=False)
    committee = forms.ModelChoiceField(
        label=_("Organising committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    responsible_units = forms.ModelMultipleChoiceField(
        label=_("Responsible departments"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
    )
    participating_units = forms.ModelMultipleChoiceField(
        label=_("Participating departments"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
    )
    other_departments = forms.CharField(
        label=_("Other departments"), max_length=200, required=False
    )


class ScheduleForm(BootstrapMixin, PortalForm):
    scheduled_on = PlausibleDateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Time"), required=False, widget=TIME)
    venue = forms.CharField(label=_("Venue"), max_length=120, required=False)


class UnplannedConsultationForm(ScheduleForm):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    form = forms.ModelChoiceField(
        label=_("Form"), queryset=ConsultationForm.objects.filter(is_active=True)
    )
    committee = forms.ModelChoiceField(
        label=_("Organising committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    lead_leader = forms.CharField(label=_("Lead leader"), max_length=60, required=False)
    field_order = ["topic", "form", "committee", "lead_leader", "scheduled_on", "start_time"]
