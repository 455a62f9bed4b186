"""Meetings, invitations, leave, sign-in and speeches."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PlausibleDateTimeField,
    PortalForm,
)
from members.models import Member, Sector, Session, SpecialCommittee

from ..models import (
    Meeting,
)
from ._base import (
    DATETIME,
    BootstrapMixin,
    _member_numbers,
    _unknown_numbers_error,
)


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


class RescheduleMeetingForm(BootstrapMixin, PortalForm):
    """A meeting not yet held moves to a new date, time or place, for a reason."""

    starts_at = PlausibleDateTimeField(label=_("New date and time"), widget=DATETIME)
    venue = forms.CharField(label=_("Venue"), max_length=120, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Every invited member is told, with this reason."),
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
