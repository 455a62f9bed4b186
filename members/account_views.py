"""The security administrator's pages for linking member records to accounts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cppcc_portal.accounts.roles import is_security_admin
from cppcc_portal.core.pagination import paginate

from . import accounts


def _require(user):
    if not is_security_admin(user):
        raise PermissionDenied


@login_required
@require_GET
def account_links(request):
    _require(request.user)
    form = accounts.MemberSearchForm(request.GET or None)
    page = paginate(request, accounts.linkable_members(request.user, query=form.query()), 50)
    return render(request, "members/account_links.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def link_account(request, pk):
    _require(request.user)
    member = get_object_or_404(accounts.linkable_members(request.user), pk=pk)
    initial = {"account": member.user.username if member.user_id else ""}
    form = accounts.LinkAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.link_account(
                actor=request.user,
                member=member,
                account=form.cleaned_data["account"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The account of %(name)s was changed; the people concerned have been told.")
                % {"name": member.name},
            )
            return redirect("members:account_links")
    return render(
        request,
        "members/account_link.html",
        {"form": form, "member": member},
        status=400 if form.is_bound and form.errors else 200,
    )
