from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.forms import (
    MultipleValidatedFileField,
    PlausibleDateField,
    PortalForm,
    ValidatedImageField,
)
from cppcc_portal.core.uploads import IMAGE_EXTENSIONS
from members.models import HandlingUnit, Member, Sector, Street

from .models import Activity, Opinion, Station, StationKind, VisitRound
from .workflow import OpinionState

DATE = forms.DateInput(attrs={"type": "date"})
PHOTO_MAX = 10 * 1024 * 1024


class BootstrapFilterMixin:
    """Filter forms render their fields bare (includes/filter_form.html): give them the
    Bootstrap classes so they shrink to a phone's width."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault(
                "class",
                f"{css} {css}-sm" if css == "form-select" else "form-control form-control-sm",
            )


class StationFilterForm(BootstrapFilterMixin, PortalForm):
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=StationKind.objects.all(), required=False
    )
    street = forms.ModelChoiceField(
        label=_("Town or street"), queryset=Street.objects.all(), required=False
    )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "kind": data["kind"].pk if data["kind"] else None,
            "street": data["street"].pk if data["street"] else None,
        }


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.sector.name}）"


class ActivityForm(PortalForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    date = PlausibleDateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=pgettext_lazy("station", "Title"), max_length=120)
    summary = forms.CharField(
        label=pgettext_lazy("station", "Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    participants = MemberChoices(
        label=_("Members taking part"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    residents_reached = forms.IntegerField(label=_("Residents reached"), min_value=0, initial=0)
    services_given = forms.IntegerField(label=_("Services given"), min_value=0, initial=0)
    donation_amount = forms.DecimalField(
        label=_("Donation amount (yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    visit_round = forms.ModelChoiceField(
        label=_("Visiting round"), queryset=VisitRound.objects.none(), required=False
    )
    photos = MultipleValidatedFileField(
        label=_("Photos"),
        required=False,
        allowed=IMAGE_EXTENSIONS,
        max_bytes=PHOTO_MAX,
    )

    def __init__(self, *args, station: Station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = station_people(station)
        self.fields["visit_round"].queryset = VisitRound.objects.filter(station=station)
        self.fields["photos"].widget.attrs["accept"] = "image/jpeg,image/png"


class PhotoForm(PortalForm):
    photo = ValidatedImageField(label=_("Photo"), max_bytes=PHOTO_MAX)


class VisitRoundForm(PortalForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    theme = forms.CharField(
        label=_("Theme"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
        super().__init__(*args, **kwargs)


class OpinionRecordForm(PortalForm):
    category = forms.ChoiceField(label=_("Category"), choices=Opinion.Category.choices)
    content = forms.CharField(
        label=_("Content"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    resident_name = forms.CharField(label=_("Resident's name"), max_length=40, required=False)
    resident_contact = forms.CharField(label=_("Resident's contact"), max_length=40, required=False)
    activity = forms.ModelChoiceField(
        label=_("Heard at the activity"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args, station: Station, **kwargs):
        super().__init__(*args, **kwargs)
        # The latest 100 activities, as a subquery: a sliced queryset cannot be filtered, so
        # the field refused every choice (and the opinion was never linked to its activity).
        recent = Activity.objects.filter(station=station).order_by("-date", "-pk").values("pk")
        self.fields["activity"].queryset = Activity.objects.filter(pk__in=recent[:100]).order_by(
            "-date", "-pk"
        )


class PublicOpinionForm(PortalForm):
    """A resident's form: length limits and a honeypot field bots fill in."""

    category = forms.ChoiceField(label=_("What is it about?"), choices=Opinion.Category.choices)
    content = forms.CharField(
        label=_("Your opinion or suggestion"),
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
    )
    resident_name = forms.CharField(label=_("Your name (optional)"), max_length=20, required=False)
    resident_contact = forms.CharField(
        label=_("Phone or other contact (optional, seen only by committee staff)"),
        max_length=30,
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.data.get("website"))


class ReceiptLookupForm(PortalForm):
    code = forms.CharField(label=_("Receipt code"), max_length=12, min_length=6)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class OpinionFilterForm(BootstrapFilterMixin, PortalForm):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All")), ("to_handle", _("To handle"))] + list(OpinionState.choices),
        required=False,
    )
    station = forms.ModelChoiceField(
        label=_("Station"), queryset=Station.objects.none(), required=False
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All"))] + list(Opinion.Category.choices),
        required=False,
    )
    q = forms.CharField(label=_("Search"), max_length=50, required=False)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations.select_related(None).only("id", "name")

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": data["state"] or None,
            "station": data["station"].pk if data["station"] else None,
            "category": data["category"] or None,
            "q": data["q"].strip(),
        }


# --- Opinion actions --------------------------------------------------------------------------


class NoteForm(PortalForm):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResultForm(PortalForm):
    result = forms.CharField(
        label=_("Result told to the resident"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferForm(PortalForm):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=HandlingUnit.objects.filter(is_active=True)
    )
    due_on = PlausibleDateField(
        label=_("Answer due (empty: 15 working days)"), required=False, widget=DATE
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(PortalForm):
    answer = forms.CharField(
        label=_("Department's answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.sector.name}）"


def station_people(station):
    """Members assigned to the station and the chairman-meeting members in charge of it."""
    return (
        Member.objects.filter(
            Q(station_assignments__station=station, station_assignments__until__isnull=True)
            | Q(stations_in_charge=station),
            status=Member.Status.SITTING,
        )
        .select_related("sector")
        .distinct()
        .order_by("number")
    )


class StationMemberMixin:
    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        if station is not None:
            self.fields["member"].queryset = station_people(station)


class ResolveForm(StationMemberMixin, ResultForm):
    member = MemberChoice(
        label=_("Member who helped (一件民生实事)"),
        queryset=Member.objects.filter(status=Member.Status.SITTING).select_related("sector"),
        required=False,
        help_text=_("Their part makes the matter one of their five ones for the year."),
    )


class FollowUpReferForm(StationMemberMixin, ReferForm):
    member = MemberChoice(
        label=_("Member who follows it up"),
        queryset=Member.objects.filter(status=Member.Status.SITTING).select_related("sector"),
        required=False,
        help_text=_("Once the department's answer closes it, a livelihood matter of theirs."),
    )


class ConvertReportForm(StationMemberMixin, PortalForm):
    member = MemberChoice(
        label=_("Member who takes it up"),
        queryset=Member.objects.filter(status=Member.Status.SITTING).select_related("sector"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ConvertProposalForm(StationMemberMixin, PortalForm):
    member = MemberChoice(
        label=_("Member who takes it up"),
        queryset=Member.objects.filter(status=Member.Status.SITTING).select_related("sector"),
    )
    title = forms.CharField(label=pgettext_lazy("proposal", "Title"), max_length=200)
    analysis = forms.CharField(
        label=_("Situation analysis"), widget=forms.Textarea(attrs={"rows": 5})
    )
    suggestions = forms.CharField(label=_("Suggestions"), widget=forms.Textarea(attrs={"rows": 5}))


# --- Assignment --------------------------------------------------------------------------------


class UnassignedFilterForm(BootstrapFilterMixin, PortalForm):
    street = forms.ModelChoiceField(
        label=_("Town or street"), queryset=Street.objects.all(), required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )


class BulkAssignForm(PortalForm):
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.none())
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.filter(status=Member.Status.SITTING)
    )
    since = PlausibleDateField(label=_("Since"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.filter(
            is_active=True, kind__is_home=True
        ).select_related("street")
