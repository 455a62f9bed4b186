from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PlausibleDateField, PortalForm

from .models import Action


class AuditFilterForm(PortalForm):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *Action.choices]
    )
    # plausible dates only: 9999-12-31 + one day overflowed (a 500 on the page and the export)
    date_from = PlausibleDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = PlausibleDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "user": data["user"].strip().replace("\x00", ""),
            "action": data["action"] or None,
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
