from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PlausibleDateField,
    PlausibleDateTimeField,
    PortalForm,
    ValidatedFileField,
)
from members.models import HandlingUnit, Member, Sector, Session, SpecialCommittee

from .models import (
    Attendance,
    Consultation,
    ConsultationForm,
    Feedback,
    Material,
    Meeting,
    ResearchProject,
    SupervisionItem,
)
from .workflow import ConsultationState, RectificationState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DOCS = {"pdf", "ofd", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"}


def _year_choices():
    this = timezone.localdate().year
    return [("", _("All years"))] + [(y, y) for y in range(this + 1, this - 6, -1)]


def _member_numbers(text):
    numbers = [n for n in text.replace("，", ",").replace("、", ",").replace(",", " ").split() if n]
    return numbers


def _unknown_numbers_error(unknown):
    """Name the first few unknown numbers, shortened: the error echoes what was typed, and a
    pasted page of text would otherwise come back in full."""
    shown = [n if len(n) <= 20 else n[:20] + "…" for n in unknown[:10]]
    if len(unknown) > 10:
        shown.append("…")
    return _("Unknown member numbers: %(n)s") % {"n": ", ".join(shown)}


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class StepForm(BootstrapMixin, PortalForm):
    """A form of a step in the action tables (consultations.actions). Each step posts to its
    own URL, so its fields keep their plain names (`venue`, not `hold-venue`); the prefix
    only tells the kernel which form was bound."""

    def add_prefix(self, field_name):
        return field_name


class EmptyStepForm(StepForm):
    """A step that asks nothing (start preparing, close)."""


class FilterForm(BootstrapMixin, PortalForm):
    def filters(self):
        if not self.is_valid():
            return {}
        out = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "pk"):
                value = value.pk
            if isinstance(value, str):
                value = value.strip()
            out[name] = value or None
        out["q"] = out.get("q") or ""
        return out


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


# --- Plans ---------------------------------------------------------------------------------


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


# --- Consultation steps -------------------------------------------------------------------


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
    speeches = forms.ModelMultipleChoiceField(
        label=_("Speeches answered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, speeches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speeches"].queryset = speeches
        self.fields["speeches"].widget.attrs["class"] = "form-check-input"


# --- Meetings -----------------------------------------------------------------------------


class MeetingForm(BootstrapMixin, PortalForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in Meeting.Kind.choices if c[0] != "consultation"]
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = PlausibleDateTimeField(label=_("Starts at"), widget=DATETIME)
    venue = forms.CharField(label=_("Venue"), max_length=120, required=False)
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.all(),
        required=False,
        help_text=_("For plenary half-days: the session they belong to."),
    )


class InviteForm(BootstrapMixin, PortalForm):
    GROUPS = [
        ("", _("—")),
        ("all", _("All sitting members")),
        ("standing", _("Standing committee members")),
    ]
    group = forms.ChoiceField(label=_("Group"), choices=GROUPS, required=False)
    committee = forms.ModelChoiceField(
        label=_("Members of the committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Members of the sector"), queryset=Sector.objects.all(), required=False
    )
    numbers = forms.CharField(
        label=_("Member numbers"),
        required=False,
        help_text=_("Separated by spaces or commas."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def members(self):
        data = self.cleaned_data
        qs = Member.objects.filter(status=Member.Status.SITTING).select_related("user")
        parts = []
        if data["group"] == "all":
            parts.append(qs)
        if data["group"] == "standing":
            parts.append(qs.filter(posts__post__in_standing_committee=True))
        if data["committee"]:
            parts.append(qs.filter(committee_memberships__committee=data["committee"]))
        if data["sector"]:
            parts.append(qs.filter(sector=data["sector"]))
        numbers = _member_numbers(data["numbers"])
        if numbers:
            parts.append(qs.filter(number__in=numbers))
        found = {}
        for part in parts:
            for m in part:
                found[m.pk] = m
        return list(found.values())

    def clean(self):
        data = super().clean()
        numbers = _member_numbers(data.get("numbers", ""))
        if numbers:
            known = set(Member.objects.filter(number__in=numbers).values_list("number", flat=True))
            unknown = [n for n in numbers if n not in known]
            if unknown:
                self.add_error("numbers", _unknown_numbers_error(unknown))
        return data


class LeaveForm(BootstrapMixin, PortalForm):
    reason = forms.CharField(label=_("Reason for leave"), max_length=300)


class RefuseLeaveForm(BootstrapMixin, PortalForm):
    reason = forms.CharField(label=_("Reason for refusing"), max_length=300, required=False)


class SignInForm(BootstrapMixin, PortalForm):
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class SpeechForm(BootstrapMixin, PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))


# --- Supervision --------------------------------------------------------------------------


def _supervisor_queryset():
    return Member.objects.filter(posts__post__code="invited_supervisor").distinct()


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


# --- Research -----------------------------------------------------------------------------


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
