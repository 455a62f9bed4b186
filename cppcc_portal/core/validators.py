"""Text people type: invisible control characters are refused in every form (the Excel and
Word exports refuse them; an export of a stored one was a 500)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, newline and carriage return, and DEL: invisible when typed, and the
# Excel and Word exports refuse them (an export of a stored one was a 500)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(value):
    if value and _CONTROL.search(str(value)):
        raise ValidationError(
            _("Remove the invisible control characters from the text."), code="control"
        )


def refuse_control_characters(form):
    """Add the check to every text field of `form` (called at the end of its __init__)."""
    from django import forms

    for field in form.fields.values():
        if isinstance(field, forms.CharField) and no_control_characters not in field.validators:
            field.validators.append(no_control_characters)
