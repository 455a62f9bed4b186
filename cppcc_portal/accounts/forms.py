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
