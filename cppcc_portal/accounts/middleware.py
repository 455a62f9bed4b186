"""Gates after login: a second factor for those who need one, then an unexpired password
of one's own. A first login with the password staff handed out changes it before enrolling
a second factor (an account with a confirmed device still gives its code first).

Until satisfied, every page except the gate's own, logout, /ping, /healthz, static files
and the language switch redirects to the gate (a JSON/htmx caller gets the redirect too).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import passwords, twofactor


def _always_open() -> tuple[str, ...]:
    return (
        reverse("logout"),
        reverse("ping"),
        reverse("healthz"),
        reverse("set_language"),
        settings.STATIC_URL,
    )


def _gate(request, url_name, open_paths):
    path = request.path
    if path in open_paths or any(path.startswith(p) for p in open_paths if p.endswith("/")):
        return None
    target = reverse(url_name)
    if request.method == "GET":
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
    return redirect(target)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            twofactor.enforced()
            and twofactor.requires_two_factor(user)
            and not twofactor.is_verified(user)
            and not twofactor.password_first(request)
        ):
            open_paths = (*_always_open(), reverse("two_factor"))
            response = _gate(request, "two_factor", open_paths)
            if response is not None:
                return response
        return self.get_response(request)


class PasswordExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and passwords.must_change(request):
            open_paths = (
                *_always_open(),
                reverse("two_factor"),
                reverse("password_change"),
                reverse("password_change_done"),
            )
            response = _gate(request, "password_change", open_paths)
            if response is not None:
                return response
        return self.get_response(request)
