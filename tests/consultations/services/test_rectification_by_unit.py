"""The department inspected in democratic supervision reports its own rectification: its
liaisons and head see their items, start and report them; verifying stays with staff; other
departments see and do nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.selectors import rectifications_visible_to
from consultations.workflow import RectificationState
from tests.consultations.factories import RectificationFactory
from tests.factories import HandlingUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_and_liaison():
    unit = HandlingUnitFactory()
    liaison = UserFactory(roles=["unit_liaison"])
    unit.liaisons.add(liaison)
    return unit, liaison


def test_the_department_starts_and_reports_its_own_rectification(unit_and_liaison, staff):
    unit, liaison = unit_and_liaison
    item = RectificationFactory(responsible_unit=unit)
    services.start_rectification(actor=liaison, item=item)
    services.report_rectification(
        actor=liaison,
        item=item,
        feedback="已清运并设置围挡，附照片三张",
        reported_on=timezone.localdate(),
    )
    item.refresh_from_db()
    assert item.state == RectificationState.REPORTED
    assert item.feedback.startswith("已清运")
    with pytest.raises(PermissionDenied):  # verifying is the staff's
        services.verify_rectification(
            actor=liaison, item=item, accepted=True, verification="已核实"
        )
    services.verify_rectification(actor=staff, item=item, accepted=True, verification="已核实")
    item.refresh_from_db()
    assert item.state == RectificationState.VERIFIED


def test_the_units_head_may_report_too(staff):
    head = UserFactory(roles=["unit_liaison"])
    item = RectificationFactory(responsible_unit=HandlingUnitFactory(head_user=head))
    services.start_rectification(actor=head, item=item)
    assert item.state == RectificationState.RECTIFYING


def test_another_department_is_refused(unit_and_liaison):
    _unit, liaison = unit_and_liaison
    item = RectificationFactory()  # another unit's
    with pytest.raises(PermissionDenied, match="责任单位|responsible department"):
        services.start_rectification(actor=liaison, item=item)
    item.refresh_from_db()
    assert item.state == RectificationState.OPEN


def test_the_department_sees_only_its_own(unit_and_liaison):
    unit, liaison = unit_and_liaison
    own = RectificationFactory(responsible_unit=unit)
    RectificationFactory()
    assert list(rectifications_visible_to(liaison)) == [own]


def test_the_reminders_link_opens_for_the_department(unit_and_liaison, client_for):
    """The deadline reminder links the item's page: it answered 403 to the unit before."""
    unit, liaison = unit_and_liaison
    own = RectificationFactory(
        responsible_unit=unit, deadline=timezone.localdate() + timedelta(days=5)
    )
    other = RectificationFactory()
    c = client_for(liaison)
    page = c.get(own.get_absolute_url())
    assert page.status_code == 200
    assert (
        reverse("consultations:rectification_step", args=[own.pk, "start"]) in page.content.decode()
    )
    assert c.get(other.get_absolute_url()).status_code == 404
    listing = c.get(reverse("consultations:rectifications")).content.decode()
    assert own.finding in listing and other.finding not in listing


def test_the_department_reports_through_the_page(unit_and_liaison, client_for):
    unit, liaison = unit_and_liaison
    item = RectificationFactory(responsible_unit=unit)
    c = client_for(liaison)
    step = lambda name: reverse("consultations:rectification_step", args=[item.pk, name])  # noqa: E731
    assert c.post(step("start"), {"version": item.version}).status_code == 302
    item.refresh_from_db()
    response = c.post(
        step("report"),
        {"version": item.version, "feedback": "整改完成", "reported_on": timezone.localdate()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == RectificationState.REPORTED
    assert c.post(step("verify"), {"version": item.version, "accepted": "on"}).status_code == 403


def test_the_department_sees_the_inspection_named_not_linked(unit_and_liaison, client_for):
    """The department opens its item, not the inspection's page (which is the members'): the
    item names the inspection without a link that would answer 403."""
    unit, liaison = unit_and_liaison
    item = RectificationFactory(responsible_unit=unit)
    html = client_for(liaison).get(item.get_absolute_url()).content.decode()
    assert item.inspection.title in html
    assert reverse("consultations:inspection_detail", args=[item.inspection_id]) not in html


def test_the_inspection_lists_only_the_items_its_reader_may_open(make_member, client_for):
    """A participant who is not an invited supervisor sees the inspection, not items whose
    pages would refuse them."""
    item = RectificationFactory()
    participant = make_member()
    item.inspection.participants.add(participant)
    html = (
        client_for(participant.user)
        .get(reverse("consultations:inspection_detail", args=[item.inspection_id]))
        .content.decode()
    )
    assert item.inspection.title in html
    assert item.get_absolute_url() not in html
