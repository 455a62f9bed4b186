"""The security administrator's pages: accounts with their second factor and lock state,
and the two acts on them (reset the second factor, unlock), each with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cppcc_portal.core.pagination import paginate

from . import security
from .forms import AccountSearchForm, ReasonForm
from .roles import is_security_admin


@login_required
@require_GET
def account_list(request):
    if not is_security_admin(request.user):
        raise PermissionDenied
    form = AccountSearchForm(request.GET or None)
    page = paginate(request, security.accounts(request.user, **form.filters()), per_page=50)
    return render(request, "accounts/security/account_list.html", {"form": form, "page": page})


def _account_or_404(request, pk):
    if not is_security_admin(request.user):
        raise PermissionDenied
    try:
        return security.account(request.user, pk)
    except security.User.DoesNotExist:
        raise Http404


def _act(request, pk, *, act, title, state, done):
    user = _account_or_404(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(actor=request.user, user=user, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done % {"name": user.get_full_name() or user.username})
            return redirect("security_accounts")
    return render(
        request,
        "accounts/security/act.html",
        {"form": form, "account": user, "title": title, "state": state(user)},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reset_two_factor(request, pk):
    return _act(
        request,
        pk,
        act=security.reset_two_factor,
        title=_("Reset the second factor"),
        state=security.two_factor_state,
        done=_("The second factor of %(name)s was reset; they have been told."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unlock(request, pk):
    def state(user):
        n = security.failures(user)
        return (
            _("locked after %(n)d failed logins") % {"n": n}
            if n >= security.settings.AXES_FAILURE_LIMIT
            else _("not locked (%(n)d failed logins)") % {"n": n}
        )

    return _act(
        request,
        pk,
        act=security.unlock_account,
        title=_("Unlock the account"),
        state=state,
        done=_("The account of %(name)s was unlocked; they have been told."),
    )
