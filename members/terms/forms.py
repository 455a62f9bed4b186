"""The term change form (换届): the new term, its first session, who is re-appointed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm

from .change import outgoing_members


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, m):
        return _("%(number)s %(name)s (%(sector)s, terms served: %(n)d)") % {
            "number": m.number,
            "name": m.name,
            "sector": m.sector.name,
            "n": m.terms_served,
        }


class TermChangeForm(PortalForm):
    number = forms.IntegerField(label=_("Number of the new term"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Name of the new term"), max_length=40)
    start_date = _date(_("The new term starts on"))
    end_date = _date(_("The new term ends on"))
    session_name = forms.CharField(label=_("Name of its first session"), max_length=60)
    session_year = forms.IntegerField(label=_("Year of the first session"), min_value=1949)
    session_start = _date(_("The plenary opens"))
    session_end = _date(_("The plenary closes"))
    window_start = _date(_("The plenary proposal window opens"))
    window_end = _date(_("The plenary proposal window closes"))
    reappointed = MemberChoices(
        label=_("Re-appointed members (the others are marked as having left office)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirmed = forms.BooleanField(
        label=_("I have checked the above: open the new term and make the old one read-only"),
        required=False,
    )

    def __init__(self, *args, old_term, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_term = old_term
        self.fields["reappointed"].queryset = outgoing_members(old_term)
        if not self.is_bound:
            self.initial.setdefault("number", old_term.number + 1)
            self.initial.setdefault("reappointed", list(self.fields["reappointed"].queryset))

    def clean(self):
        data = super().clean()
        for first, last, field in (
            ("start_date", "end_date", "end_date"),
            ("session_start", "session_end", "session_end"),
            ("window_start", "window_end", "window_end"),
        ):
            if data.get(first) and data.get(last) and data[last] < data[first]:
                self.add_error(field, _("This date must not come before the one it closes."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "number": d["number"],
            "name": d["name"].strip(),
            "start_date": d["start_date"],
            "end_date": d["end_date"],
            "sessions": [
                {
                    "number": 1,
                    "name": d["session_name"].strip(),
                    "year": d["session_year"],
                    "start_date": d["session_start"],
                    "end_date": d["session_end"],
                    "proposal_window_start": d["window_start"],
                    "proposal_window_end": d["window_end"],
                }
            ],
            "reappointed": list(d["reappointed"]),
        }
