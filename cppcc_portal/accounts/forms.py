import re

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm


class TokenForm(PortalForm):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=6,
        min_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Enter the 6 digits your app shows."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(PortalForm):
    """The code at login: the app's 6 digits, or one of the backup codes (xxxxx-xxxxx)."""

    token = forms.CharField(
        label=_("6-digit code or backup code"),
        max_length=16,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        from .backup_codes import looks_like_code

        value = self.cleaned_data["token"].strip()
        if not re.fullmatch(r"[0-9]{6}", value) and not looks_like_code(value):
            raise forms.ValidationError(
                _("Enter the 6 digits your app shows, or a backup code such as abcde-fghij.")
            )
        return value


class ReasonForm(PortalForm):
    """Every act of the security administrator on someone's account gives its reason."""

    reason = forms.CharField(
        label=_("Reason"),
        min_length=4,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the security log and told to the person concerned."),
    )

    def clean_reason(self):
        value = " ".join(self.cleaned_data["reason"].replace("\x00", "").split())
        if len(value) < 4:
            raise forms.ValidationError(_("Give the reason in a few words."))
        return value


class BoundedLoginMixin:
    """Django's login forms set the user name's max_length after the field is built, so it
    is never validated: a 100,000-character name reached django-axes, which failed to
    store it (a 500). Both fields get real length limits here."""

    PASSWORD_MAX_LENGTH = 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        password = self.fields["password"]
        password.max_length = self.PASSWORD_MAX_LENGTH
        password.validators.append(MaxLengthValidator(self.PASSWORD_MAX_LENGTH))


class LoginForm(BoundedLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedLoginMixin, AdminAuthenticationForm):
    pass


class AccountSearchForm(PortalForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    locked = forms.BooleanField(label=_("Locked only"), required=False)

    def filters(self):
        if not self.is_valid():
            return {"query": "", "only_locked": False}
        return {
            "query": self.cleaned_data["q"].strip().replace("\x00", ""),
            "only_locked": self.cleaned_data["locked"],
        }
