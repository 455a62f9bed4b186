"""A station's printable poster: its public form as a QR code, with the address and the
opening hours, for the station's door and the community notice boards."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from cppcc_portal.core.qr import qr_data_uri

from ._common import _visible_station


@login_required
def station_poster(request, pk):
    station = _visible_station(request.user, pk)
    # SITE_URL, not the request's host: the poster is printed and must carry the public address.
    url = settings.SITE_URL.rstrip("/") + reverse("stations:public_station", args=[station.pk])
    return render(
        request,
        "stations/poster.html",
        {"station": station, "public_url": url, "qr": qr_data_uri(url)},
    )
