from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm, PortalModelForm

from .models import Delivery, HolidayNotice
from .notice_table import read_notice_table, table_text
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


class HolidayNoticeForm(PortalModelForm):
    """The admin's form for the State Council's notice: its 调休 table pasted or uploaded."""

    table = forms.CharField(
        label=_("Table of days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 60, "class": "vLargeTextField"}),
        help_text=_(
            "One day a line: the date, 休 (day off) or 班 (make-up workday), and a note, "
            "separated by tabs, commas or spaces, e.g. “2027-02-06 休 春节” — as pasted from the "
            "notice or a spreadsheet. List every day off of each holiday and every 班 weekend day."
        ),
    )
    table_file = forms.FileField(
        label=_("…or upload the table"),
        required=False,
        help_text=_(
            "An .xlsx or .csv file with the same columns (a first row of headings is skipped)."
        ),
    )

    class Meta:
        model = HolidayNotice
        fields = ["year", "title", "document_number"]
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField", "size": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["table"] = table_text(self.instance.days.all())

    def clean(self):
        data = super().clean()
        year = data.get("year") or self.instance.year
        if not year or self.has_error("year"):
            return data
        try:
            table = read_notice_table(
                year=year, text=data.get("table") or "", upload=data.get("table_file")
            )
        except ValidationError as exc:
            self.add_error(None if hasattr(exc, "error_dict") else "table", exc)
            return data
        if table.errors:
            self.add_error("table", table.errors)
        else:
            data["rows"] = table.rows
        return data
