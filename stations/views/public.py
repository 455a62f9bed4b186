"""The public pages (no login; marked so a login-required middleware would let them pass):
the directory, a station's page with the residents' form, the receipt lookup."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import forms, selectors, services, throttle
from ..models import Opinion
from ._common import _form_errors, _get


@login_not_required
def public_directory(request):
    return render(
        request, "stations/public/directory.html", {"groups": selectors.public_directory()}
    )


def _throttled(request):
    return render(request, "stations/public/throttled.html", status=429)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_station(request, pk):
    station = _get(selectors.public_station, pk)
    form = forms.PublicOpinionForm(request.POST or None)
    if request.method == "POST":
        if not throttle.hit(request, "opinion"):
            return _throttled(request)
        if form.is_bot():  # a honeypot hit: thank the bot, store nothing
            return render(request, "stations/public/thanks.html", {"station": station})
        if form.is_valid():
            data = form.cleaned_data
            try:
                opinion = services.submit_public_opinion(
                    station=station,
                    category=data["category"],
                    content=data["content"],
                    resident_name=data["resident_name"],
                    resident_contact=data["resident_contact"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return render(
                    request,
                    "stations/public/thanks.html",
                    {"station": station, "code": opinion.receipt_code},
                )
    return render(request, "stations/public/station.html", {"station": station, "form": form})


@login_not_required
@never_cache
def public_lookup(request):
    form = forms.ReceiptLookupForm(request.GET or None)
    opinion = status = None
    searched = False
    if request.GET.get("code"):
        if not throttle.hit(request, "lookup"):
            return _throttled(request)
        searched = True
        if form.is_valid():
            opinion = (
                Opinion.objects.select_related("station")
                .only(
                    "id",
                    "state",
                    "category",
                    "receipt_code",
                    "received_at",
                    "resolved_at",
                    "closed_at",
                    "result",
                    "station__name",
                )
                .filter(receipt_code=form.cleaned_data["code"])
                .first()
            )
            if opinion is not None:
                status = selectors.public_status(opinion)
    return render(
        request,
        "stations/public/lookup.html",
        {"form": form, "opinion": opinion, "status": status, "searched": searched},
    )
