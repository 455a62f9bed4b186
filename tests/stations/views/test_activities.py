"""Recording an activity with its photos through the page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cppcc_portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_record_activity_page_with_photo(client_for, role_users, station):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600)).save(buffer, format="JPEG")
    member = station.assignments.first().member
    response = client_for(role_users[Role.STATION_MANAGER]).post(
        reverse("stations:activity_create", args=[station.pk]),
        {
            "kind": "medical",
            "date": "2026-03-01",
            "title": "送医进社区",
            "participants": [member.pk],
            "residents_reached": 50,
            "services_given": 40,
            "donation_amount": "0",
            "photos": SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    activity = station.activities.get()
    assert activity.photos.count() == 1 and list(activity.participants.all()) == [member]
    fake = SimpleUploadedFile("b.jpg", b"not an image at all", content_type="image/jpeg")
    response = client_for(role_users[Role.STATION_MANAGER]).post(
        reverse("stations:activity_detail", args=[activity.pk]), {"photo": fake}
    )
    assert response.status_code == 200 and activity.photos.count() == 1
