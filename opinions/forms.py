from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.forms import (
    MultipleValidatedFileField,
    PlausibleDateField,
    PortalForm,
    ValidatedFileField,
)
from members.models import Member, Sector, SpecialCommittee

from .models import GUIDE_LENGTH, BulletinIssue, InstructionLevel, Level, Recipient, ReportUse
from .workflow import State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


def _counted(rows):
    """A textarea whose characters static/js/opinions.js counts against the guide."""
    return forms.Textarea(attrs={"rows": rows, "data-count": "report"})


class _TextForm(PortalForm):
    """Text typed by people (PortalForm refuses invisible control characters)."""


class ActionForm(_TextForm):
    """A form of the report's action table (opinions.actions). Each action posts to its own
    URL, so its fields keep their plain names (`note`, not `archive-note`); the prefix only
    tells the kernel which form was bound, and `auto_id` keeps the ids apart on the page."""

    def add_prefix(self, field_name):
        return field_name


class EmptyForm(ActionForm):
    """An action that asks nothing (submit)."""


class ReportForm(_TextForm):
    """The member's report: one matter, ~1,500 characters."""

    submitter_kind = forms.ChoiceField(
        label=_("Submitted as"),
        choices=[
            ("member", _("Myself (member)")),
            ("party_group", _("On behalf of a party or people's group")),
            ("committee", _("On behalf of a special committee")),
            ("sector", _("On behalf of a sector")),
        ],
        initial="member",
    )
    organisation = forms.CharField(
        label=_("Party or group"),
        required=False,
        max_length=80,
        help_text=_("e.g. 民盟区委; only when writing on behalf of a party or group."),
    )
    committee = forms.ModelChoiceField(
        label=_("Special committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("One matter per report: the title states it."),
    )
    problem = forms.CharField(label=_("Situation and problem"), widget=_counted(8))
    suggestion = forms.CharField(
        label=pgettext_lazy("report", "Suggestions"), widget=_counted(6), required=False
    )
    attachments = MultipleValidatedFileField(
        label=_("Attachments"),
        required=False,
        max_length=200,  # ReportAttachment.name
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    guide = GUIDE_LENGTH


class EditForm(_TextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Situation and problem"), widget=_counted(10))
    suggestion = forms.CharField(label=pgettext_lazy("report", "Suggestions"), widget=_counted(6))
    version = forms.IntegerField(widget=forms.HiddenInput)

    guide = GUIDE_LENGTH


class AdoptForm(ActionForm):
    issue = forms.ModelChoiceField(
        label=_("Bulletin issue"),
        queryset=BulletinIssue.objects.none(),
        required=False,
        empty_label=_("— a new issue —"),
    )
    signed_off_by = forms.CharField(
        label=_("Signed off by (for a new issue)"), max_length=40, required=False
    )
    note = forms.CharField(
        label=_("Note to the member"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["issue"].queryset = BulletinIssue.objects.filter(year=year).order_by("-number")

    def clean(self):
        data = super().clean()
        if not data.get("issue") and not (data.get("signed_off_by") or "").strip():
            self.add_error("signed_off_by", _("Name who signs off the issue (签发人)."))
        return data


class ArchiveForm(ActionForm):
    note = forms.CharField(
        label=_("Note to the member"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class MergeForm(_TextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Situation and problem"), widget=_counted(10))
    suggestion = forms.CharField(label=pgettext_lazy("report", "Suggestions"), widget=_counted(6))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    guide = GUIDE_LENGTH


class ForwardForm(ActionForm):
    recipients = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("report", "Recipients"),
        queryset=Recipient.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    forwarded_on = PlausibleDateField(
        label=_("Forwarded on"), widget=DATE, initial=timezone.localdate
    )

    def clean_forwarded_on(self):
        day = self.cleaned_data["forwarded_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class UseForm(ActionForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("Kind of use"), choices=ReportUse.Kind.choices)
    used_by = forms.CharField(label=_("Used by"), max_length=80, required=False)
    used_on = PlausibleDateField(label=_("Used on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class InstructionForm(ActionForm):
    leader_name = forms.CharField(label=_("Leader"), max_length=60)
    level = forms.ChoiceField(label=_("Level"), choices=InstructionLevel.choices)
    instructed_on = PlausibleDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportFilterForm(PortalForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All"))] + list(State.choices), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, choices=[])
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.all(),
        required=False,
        widget=forms.HiddenInput,  # set from a link on a member's name; a select would be huge
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )
    level = forms.ChoiceField(
        label=_("Level used"), choices=[("", _("All"))] + list(Level.choices), required=False
    )
    instructed = forms.ChoiceField(
        label=_("Instructed"),
        choices=[("", _("All")), ("yes", _("With instructions")), ("no", _("Without"))],
        required=False,
    )

    def __init__(self, *args, years=(), staff=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All"))] + [(y, y) for y in years]
        if not staff:
            for name in ("member", "sector", "level", "instructed"):
                del self.fields[name]

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        result = {
            "q": data["q"].strip(),
            "state": data["state"],
            "year": data["year"] or None,
        }
        if "member" in data:
            result |= {
                "member": data["member"].pk if data.get("member") else None,
                "sector": data["sector"].pk if data.get("sector") else None,
                "level": data.get("level") or "",
                "instructed": data.get("instructed") or "",
            }
        return result


SCAN_TYPES = {"pdf", "ofd", "jpg", "png", "doc", "docx"}


class PaperReportForm(_TextForm):
    """代录入: every field of the paper report, its scan and the day it was handed in."""

    member = forms.ModelChoiceField(Member.objects.none(), label=_("Member"))
    handed_in_on = PlausibleDateField(
        label=_("Handed in on"),
        widget=DATE,
        initial=timezone.localdate,
        help_text=_("Decides the report's year and the day its submission counts."),
    )
    submitter_kind = ReportForm.base_fields["submitter_kind"]
    organisation = ReportForm.base_fields["organisation"]
    committee = ReportForm.base_fields["committee"]
    sector = ReportForm.base_fields["sector"]
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Situation and problem"), widget=_counted(8))
    suggestion = forms.CharField(label=_("Suggestions"), widget=_counted(6))
    scan = ValidatedFileField(
        label=_("Scan of the paper report"), max_length=200, allowed=SCAN_TYPES
    )

    guide = GUIDE_LENGTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            status=Member.Status.SITTING
        ).order_by("name")
