"""The text the pre-review reads, as posted by the edit page while the member writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm

from ..models import BODY_MAX, TITLE_MAX


class PrereviewForm(PortalForm):
    title = forms.CharField(label=_("Title (matter)"), required=False, max_length=TITLE_MAX)
    analysis = forms.CharField(label=_("Situation analysis"), required=False, max_length=BODY_MAX)
    suggestions = forms.CharField(label=_("Suggestions"), required=False, max_length=BODY_MAX)
