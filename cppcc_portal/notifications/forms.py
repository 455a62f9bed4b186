from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm

from .models import Delivery
from .reminders import DUTIES

mobile = RegexValidator(r"^1\d{10}$", _("Enter an 11-digit mobile number."))


class PreferenceForm(PortalForm):
    email = forms.BooleanField(label=_("Send me e-mail"), required=False)
    sms = forms.BooleanField(label=_("Send me SMS"), required=False)
    phone = forms.CharField(
        label=_("Mobile number for SMS"),
        required=False,
        max_length=11,
        validators=[mobile],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("sms") and not data.get("phone"):
            self.add_error("phone", _("Enter a mobile number to receive SMS."))
        return data


class DeadlineFilterForm(PortalForm):
    when = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Upcoming and overdue")),
            ("upcoming", _("Upcoming")),
            ("overdue", _("Overdue")),
        ],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    duty = forms.ChoiceField(
        label=_("Duty"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    unit = forms.ChoiceField(
        label=_("Handling unit"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    responsible = forms.CharField(
        label=_("Responsible person"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty"].choices = [("", _("All duties")), *DUTIES.items()]
        self.fields["unit"].choices = [("", _("All units")), *units]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class DeliveryFilterForm(PortalForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Needing attention")), *Delivery.State.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *Delivery.Channel.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
