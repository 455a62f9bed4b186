"""What a resident does on a station's public page."""

import pytest
from django.core.exceptions import ValidationError

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from stations import services
from stations.workflow import OpinionState

pytestmark = pytest.mark.django_db


def test_public_opinion_gets_a_receipt_and_notifies_the_managers(role_users, station):
    opinion = services.submit_public_opinion(
        station=station, category="transport", content="公交站太远了，希望增设站点。"
    )
    assert len(opinion.receipt_code) == 10 and opinion.state == OpinionState.RECEIVED
    assert Notification.objects.filter(
        recipient=role_users[Role.STATION_MANAGER], target_id=opinion.pk
    ).exists()
    with pytest.raises(ValidationError):
        services.submit_public_opinion(station=station, category="transport", content="短")
    with pytest.raises(ValidationError):
        services.submit_public_opinion(station=station, category="nope", content="内容足够长了吧")
