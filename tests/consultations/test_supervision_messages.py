"""Saving an inspection (and a supervision plan or item) says so (issue 24 item 10.6); a refused
or invalid save says nothing of success and keeps the form."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from consultations.models import Inspection, SupervisionItem, SupervisionPlan
from cppcc_portal.accounts.roles import Role

from .factories import SupervisionPlanFactory

pytestmark = pytest.mark.django_db


def _success(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "success"]


def test_saving_an_inspection_says_so_in_chinese(client_for, staff):
    response = client_for(staff).post(
        reverse("consultations:inspection_create"),
        {
            "title": "河道治理视察",
            "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
        follow=True,
    )
    inspection = Inspection.objects.get(title="河道治理视察")
    assert response.redirect_chain[-1][0] == reverse(
        "consultations:inspection_detail", args=[inspection.pk]
    )
    assert _success(response) == ["视察“河道治理视察”已保存。"]
    assert "视察“河道治理视察”已保存。" in response.content.decode()


def test_an_invalid_inspection_is_not_reported_saved(client_for, staff):
    response = client_for(staff).post(
        reverse("consultations:inspection_create"), {"title": "", "held_on": "明天"}
    )
    assert response.status_code == 200
    assert not _success(response)
    assert response.context["form"].errors["title"]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER, Role.LIAISON_STAFF])
def test_other_roles_save_nothing(client_for, make_user, role):
    response = client_for(make_user(role)).post(
        reverse("consultations:inspection_create"),
        {"title": "视察", "held_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not Inspection.objects.exists()


def test_saving_a_supervision_plan_and_item_says_so(client_for, staff):
    client = client_for(staff)
    response = client.post(
        reverse("consultations:supervision_plan_create"),
        {"year": timezone.localdate().year, "title": "年度民主监督计划"},
        follow=True,
    )
    assert _success(response) == ["年度民主监督计划已保存。"]
    plan = SupervisionPlan.objects.get(title="年度民主监督计划")
    response = client.post(
        reverse("consultations:supervision_item_create", args=[plan.pk]),
        {"topic": "营商环境", "form": SupervisionItem.Form.INSPECTION, "planned_month": 5},
        follow=True,
    )
    assert _success(response) == ["监督事项已保存。"]
    assert plan.items.filter(topic="营商环境").exists()


def test_an_invalid_supervision_item_is_not_reported_saved(client_for, staff):
    plan = SupervisionPlanFactory()
    response = client_for(staff).post(
        reverse("consultations:supervision_item_create", args=[plan.pk]),
        {"topic": "", "form": "nonsense", "planned_month": 13},
    )
    assert response.status_code == 200 and not _success(response)
    assert not plan.items.exists()
