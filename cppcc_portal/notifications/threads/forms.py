from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import MultipleValidatedFileField

from .services import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mention someone with @ and their user name; only people who may see it."),
    )
    files = MultipleValidatedFileField(label=_("Attachments"), required=False)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 3})
    )
