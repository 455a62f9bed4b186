"""What the app's forms share: widgets, Bootstrap classes, the filter base, the step base
(plain field names for the action tables) and member-number parsing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import (
    PortalForm,
)

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
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                # a list of boxes: each box is a form-check-input; the list itself is laid out
                # by consultations/_field.html, never given an input's class
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
