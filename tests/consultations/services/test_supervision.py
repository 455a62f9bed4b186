"""Democratic supervision: supervisors, inspections and the rectification of findings."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.selectors import rectifications_visible_to, supervision_items_visible_to
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind
from tests.factories import (
    HandlingUnitFactory,
    UserFactory,
)

from ..factories import (
    InspectionFactory,
    RectificationFactory,
    SupervisionItemFactory,
)
from .helpers import TODAY, live

pytestmark = pytest.mark.django_db


def test_supervisors_must_hold_the_post(staff, supervisor_member, make_member):
    item = SupervisionItemFactory()
    with pytest.raises(ValidationError):
        services.save_supervision_item(
            actor=staff,
            plan=item.plan,
            item=item,
            topic="t",
            form="special",
            planned_month=3,
            supervisors=[make_member()],
        )
    services.save_supervision_item(
        actor=staff,
        plan=item.plan,
        item=item,
        topic="t",
        form="special",
        planned_month=3,
        supervisors=[supervisor_member],
    )
    assert list(supervision_items_visible_to(supervisor_member.user)) == [item]


def test_inspection_participants_duty(staff, make_member):
    a, b = make_member(), make_member()
    insp = services.create_inspection(
        actor=staff, title="视察", held_on=TODAY() - timedelta(days=1), participants=[a, b]
    )
    assert live(a, DutyKind.INSPECTION).count() == 1
    services.set_inspection_participants(actor=staff, inspection=insp, members=[a])
    assert not live(b, DutyKind.INSPECTION).exists()
    assert live(a, DutyKind.INSPECTION).count() == 1


def test_rectification_flow(staff, supervisor_member):
    unit = HandlingUnitFactory()
    liaison = UserFactory(roles=["unit_liaison"])
    unit.liaisons.add(liaison)
    insp = InspectionFactory()
    insp.supervisors.add(supervisor_member)
    with pytest.raises(ValidationError):
        services.add_finding(
            actor=staff,
            inspection=insp,
            finding="x",
            responsible_unit=unit,
            deadline=insp.held_on - timedelta(days=1),
        )
    item = services.add_finding(
        actor=staff,
        inspection=insp,
        finding="垃圾堆放",
        responsible_unit=unit,
        deadline=TODAY() + timedelta(days=20),
    )
    assert Notification.objects.filter(recipient=liaison, kind="inspection.rectification_due")
    deadline = Deadline.objects.get(duty=services.RECTIFICATION_DUTY, target_id=item.pk)
    assert list(rectifications_visible_to(supervisor_member.user)) == [item]
    with pytest.raises(ValidationError):
        services.verify_rectification(actor=staff, item=item, accepted=True, verification="x")
    services.start_rectification(actor=staff, item=item)
    services.report_rectification(actor=staff, item=item, feedback="已整改", reported_on=TODAY())
    with pytest.raises(ValidationError):
        services.verify_rectification(actor=staff, item=item, accepted=False, verification="不彻底")
    services.verify_rectification(
        actor=staff,
        item=item,
        accepted=False,
        verification="不彻底",
        new_deadline=TODAY() + timedelta(days=10),
    )
    assert item.state == "reopened"
    deadline.refresh_from_db()
    assert deadline.due_on == TODAY() + timedelta(days=10)
    services.report_rectification(actor=staff, item=item, feedback="再整改", reported_on=TODAY())
    services.verify_rectification(actor=staff, item=item, accepted=True, verification="到位")
    assert item.state == "verified" and item.verified_by == staff
    deadline.refresh_from_db()
    assert deadline.state == "met"


def test_rectification_stale_state_refused(staff):
    item = RectificationFactory()
    with pytest.raises(ValidationError):
        services.start_rectification(actor=staff, item=item, version=item.version + 1)


def test_supervisor_without_attachment_sees_nothing(supervisor_member):
    RectificationFactory()
    SupervisionItemFactory()
    assert not rectifications_visible_to(supervisor_member.user).exists()
    assert not supervision_items_visible_to(supervisor_member.user).exists()
