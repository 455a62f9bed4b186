import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.services import audit
from cppcc_portal.core.ratelimit import by_address, ratelimit
from cppcc_portal.core.redirects import local_url

from . import backup_codes, passwords, sessions, twofactor
from .forms import LoginForm, TokenForm, VerifyForm
from .roles import Role, user_roles


@login_required
def profile(request):
    roles = [Role(r).label for r in Role.values if r in user_roles(request.user)]
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles,
            "two_factor_required": twofactor.requires_two_factor(request.user),
            "two_factor_device": twofactor.confirmed_device(request.user),
            "backup_codes_left": backup_codes.remaining(request.user),
            "password_changed_at": passwords.password_changed_at(request.user),
            "password_expiry_days": passwords.expiry_days(),
        },
    )


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return local_url(request, candidate) or reverse("home")


def _account_name(request):
    """The account a login attempt names (case-folded: "Admin" and "admin" share a count)."""
    name = request.POST.get("username", "")
    return name.strip().casefold()[:150] or None


def _user_key(request):
    return f"user:{request.user.pk}" if request.user.is_authenticated else None


# Login: per address and per account name, besides django-axes' lock-out after failures
# (these count every attempt, so a slow guesser spread over accounts is held too).
login = ratelimit("login_address", key=by_address)(
    ratelimit("login_account", key=_account_name)(
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        )
    )
)
password_reset = ratelimit("password_reset", key=by_address)(
    auth_views.PasswordResetView.as_view(success_url=reverse_lazy("password_reset_done"))
)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("two_factor", key=_user_key)
def two_factor(request):
    """Enrol (QR code + secret, then a first code) or verify: one page, either step."""
    user = request.user
    if (
        not twofactor.enforced()
        or not twofactor.requires_two_factor(user)
        or twofactor.is_verified(user)
    ):
        return redirect(_next_url(request))
    if twofactor.password_first(request):  # the handed-out password goes first
        return redirect("password_change")
    device = twofactor.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = twofactor.enrolment_device(user)
    form = (TokenForm if enrolling else VerifyForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        is_backup = not enrolling and backup_codes.looks_like_code(token)
        backup = backup_codes.use_code(user, token) if is_backup else None
        if backup is not None:
            left = backup_codes.remaining(user)
            audit(
                request=request,
                action=Action.BACKUP_CODE_USED,
                target=user,
                detail=_("%(n)d backup codes left") % {"n": left},
            )
            django_otp.login(request, backup)
            request.session.pop(twofactor.SESSION_FAILURES, None)
            messages.warning(
                request,
                _("You logged in with a backup code; %(n)d are left.") % {"n": left},
            )
            return redirect(_next_url(request))
        if not is_backup and device.verify_token(token):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit(request=request, action=Action.TWO_FACTOR_ENROLLED, target=user)
            else:
                audit(request=request, action=Action.TWO_FACTOR_VERIFIED, target=user)
            django_otp.login(request, device)
            request.session.pop(twofactor.SESSION_FAILURES, None)
            return redirect(_next_url(request))
        failures = request.session.get(twofactor.SESSION_FAILURES, 0) + 1
        request.session[twofactor.SESSION_FAILURES] = failures
        audit(
            request=request,
            action=Action.TWO_FACTOR_FAILED,
            target=user,
            detail=_("attempt %(n)d") % {"n": failures},
        )
        if failures >= settings.TWO_FACTOR_MAX_FAILURES:
            logout(request)
            messages.error(request, _("Too many wrong codes: you have been logged out."))
            return redirect("login")
        form.add_error("token", _("This code is not valid; wait for the next one and retry."))
    context = {"form": form, "enrolling": enrolling, "next": _next_url(request)}
    if enrolling:
        context["secret"] = twofactor.secret_base32(device)
        context["qr"] = twofactor.qr_data_uri(twofactor.config_url(device))
    return render(request, "accounts/two_factor.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, saying why the user was sent here (an expired password, or the one
    staff handed out)."""

    def get(self, request, *args, **kwargs):
        reason = passwords.must_change(request)
        if reason == "handed_out":
            messages.warning(
                request,
                _("Your password was set by the committee office: choose your own to continue."),
            )
        elif reason == "expired":
            messages.warning(
                request,
                _("Your password has expired: choose a new one to continue."),
            )
        return super().get(request, *args, **kwargs)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def backup_code_list(request):
    """One's backup codes: how many are left; POST makes ten new ones, shown this once."""
    user = request.user
    if not twofactor.requires_two_factor(user) or twofactor.confirmed_device(user) is None:
        messages.info(request, _("Backup codes come with a second factor: enrol one first."))
        return redirect("profile")
    if twofactor.enforced() and not twofactor.is_verified(user):
        raise PermissionDenied
    codes = None
    if request.method == "POST":
        codes = backup_codes.replace_codes(user)
        audit(request=request, action=Action.BACKUP_CODES_CREATED, target=user)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "left": backup_codes.remaining(user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def session_list(request):
    """The user's signed-in browsers; POST logs out every one but this."""
    if request.method == "POST":
        ended = sessions.log_out_elsewhere(request=request)
        messages.success(request, _("Logged out of %(n)d other sessions.") % {"n": ended})
        return redirect("session_list")
    rows = sessions.active_sessions(request.user)
    return render(
        request,
        "accounts/sessions.html",
        {"rows": rows, "current": request.session.session_key},
    )
