"""The station's poster carries its public form's address as a QR code that decodes to it."""

import base64
import re

import pytest
from django.test import override_settings

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.qr import qr_data_uri
from tests.stations.factories import StationFactory

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://cppcc.example.gov.cn/")
def test_poster_shows_the_public_address_and_a_qr_code(client, make_user):
    station = StationFactory(
        name="梅江街委员联络站", address="梅江路 18 号", opening_hours="周二 9:00–11:30"
    )
    client.force_login(make_user(Role.LIAISON_STAFF))
    response = client.get(f"/stations/{station.pk}/poster/")
    assert response.status_code == 200
    html = response.content.decode()
    url = f"https://cppcc.example.gov.cn/stations/public/{station.pk}/"
    assert url in html
    assert "梅江路 18 号" in html and "周二 9:00–11:30" in html
    assert "扫码向政协委员反映您关心的事" in html
    uri = re.search(r'class="qr" src="([^"]+)"', html).group(1)
    assert uri == qr_data_uri(url)  # the code encodes exactly the public address
    assert b"<svg" in base64.b64decode(uri.split(",", 1)[1])


def test_login_page_links_to_the_public_stations(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/stations/public/"' in html
    assert "身边的委员联络站" in html
