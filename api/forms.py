from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm

from .tokens import LIFETIMES, NAME_MAX


class TokenForm(PortalForm):
    name = forms.CharField(
        label=_("Device name"),
        max_length=NAME_MAX,
        help_text=_("For example: my phone, office tablet."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        choices=[(d, _("%(n)d days") % {"n": d}) for d in LIFETIMES],
    )
