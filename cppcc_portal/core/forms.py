from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .uploads import IMAGE_EXTENSIONS, validate_upload
from .validators import refuse_control_characters


class ValidatedFileField(forms.FileField):
    """A FileField that runs the portal's one upload check (size, extension, content)."""

    def __init__(self, *args, allowed=None, max_bytes=None, **kwargs):
        self.allowed = set(allowed) if allowed else None
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)
        if self.allowed:
            self.widget.attrs.setdefault("accept", ",".join(f".{e}" for e in sorted(self.allowed)))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size") and value is not initial:
            validate_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
        return value


class ValidatedImageField(ValidatedFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allowed", IMAGE_EXTENSIONS)
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleValidatedFileField(ValidatedFileField):
    """Several files in one input, each validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super(ValidatedFileField, self).clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        for f in files:
            validate_upload(f, allowed=self.allowed, max_bytes=self.max_bytes)
        return files


EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)


class _PlausibleMixin:
    """A date within the years the portal deals with: a typed 0001 or 9999 is a mistake, and
    at the ends of the calendar the time zone shift and date arithmetic overflow (a meeting
    "held" on 0001-01-01 00:00 in Beijing made every list that showed it a 500)."""

    default_error_messages = {
        "implausible": _("Enter a date between %(first)s and %(last)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        day = value
        if hasattr(value, "date"):
            day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise forms.ValidationError(
                self.error_messages["implausible"],
                code="implausible",
                params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            )


class PlausibleDateField(_PlausibleMixin, forms.DateField):
    pass


class PlausibleDateTimeField(_PlausibleMixin, forms.DateTimeField):
    pass


class CleanTextMixin:
    """Every text field refuses invisible control characters (core.validators): the one
    base of every form people type into, so no form forgets it."""

    def full_clean(self):
        # at validation time, so fields a subclass adds in its own __init__ are covered too
        refuse_control_characters(self)
        super().full_clean()


class PortalForm(CleanTextMixin, forms.Form):
    pass


class PortalModelForm(CleanTextMixin, forms.ModelForm):
    pass
