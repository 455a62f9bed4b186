"""The portal page where a user makes and revokes the tokens of their devices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import tokens
from .forms import TokenForm
from .models import ApiToken


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = tokens.create_token(
                actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
            form = TokenForm()
    status = 400 if request.method == "POST" and created is None else 200
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens.tokens_of(request.user),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        token = tokens.revoke_token(actor=request.user, token_id=pk, request=request)
    except ApiToken.DoesNotExist:
        raise Http404
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
