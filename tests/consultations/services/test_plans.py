"""Plans and scheduling: a plan item becomes a consultation with its meeting."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import services
from consultations.models import (
    Meeting,
)

from ..factories import (
    PlanItemFactory,
    first_form,
)
from .helpers import TODAY

pytestmark = pytest.mark.django_db


def test_schedule_plan_item_makes_consultation_with_meeting(staff):
    item = PlanItemFactory()
    day = TODAY() + timedelta(days=10)
    if day.year != item.plan.year:
        day = TODAY()
    c = services.schedule_plan_item(actor=staff, item=item, scheduled_on=day, venue="会议室")
    assert c.plan_item == item and c.is_planned and c.state == "planned"
    assert c.topic == item.topic and c.form == item.form
    assert c.meetings.get().kind == Meeting.Kind.CONSULTATION
    with pytest.raises(ValidationError):
        services.schedule_plan_item(actor=staff, item=item, scheduled_on=day)


def test_schedule_refuses_other_year_and_non_staff(staff, leader):
    item = PlanItemFactory()
    with pytest.raises(ValidationError):
        services.schedule_plan_item(
            actor=staff, item=item, scheduled_on=TODAY().replace(year=item.plan.year + 1)
        )
    with pytest.raises(PermissionDenied):
        services.schedule_plan_item(actor=leader, item=item, scheduled_on=TODAY())


def test_unplanned_consultation_is_marked(staff):
    c = services.create_unplanned_consultation(
        actor=staff, topic="临时协商", form=first_form(), scheduled_on=TODAY()
    )
    assert not c.is_planned
    with pytest.raises(ValidationError):
        services.create_unplanned_consultation(
            actor=staff, topic="  ", form=first_form(), scheduled_on=TODAY()
        )
