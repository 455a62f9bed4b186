"""The records the view tests look at."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cppcc_portal.accounts.roles import Role
from stations import services

from ..factories import ActivityFactory, OpinionFactory


@pytest.fixture
def activity(station):
    return ActivityFactory(station=station)


@pytest.fixture
def opinion(station):
    return OpinionFactory(station=station)


@pytest.fixture
def photo(role_users, station, activity):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    return services.add_activity_photos(
        actor=role_users[Role.LIAISON_STAFF], activity=activity, files=[upload]
    )[0]
