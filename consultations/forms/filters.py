"""The list filters (GET)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import HandlingUnit, SpecialCommittee

from ..models import (
    Attendance,
    ConsultationForm,
    Meeting,
)
from ..workflow import ConsultationState, RectificationState
from ._base import (
    FilterForm,
    _year_choices,
)


class ConsultationFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + ConsultationState.choices
    )
    form = forms.ModelChoiceField(
        label=_("Form"), queryset=ConsultationForm.objects.all(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Organising committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    planned = forms.ChoiceField(
        label=_("In the plan"),
        required=False,
        choices=[
            ("", _("All")),
            ("planned", _("In the yearly plan")),
            ("unplanned", _("Unplanned")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class MeetingFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Meeting.Kind.choices
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class AttendanceFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Attendance.Status.choices
    )


class LeaveFilterForm(FilterForm):
    """The leave list: pending requests first (the default), of one meeting if chosen."""

    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("pending", _("Waiting for a decision")),
            ("approved", _("Leave approved")),
            ("refused", _("Leave refused")),
            ("all", _("All")),
        ],
    )
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: "{} · {}".format(
            m.starts_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d"), m.title
        )


class InspectionFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(
        label=_("Target department"), queryset=HandlingUnit.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()


class RectificationFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + RectificationState.choices
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=HandlingUnit.objects.all(), required=False
    )


class ResearchFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
