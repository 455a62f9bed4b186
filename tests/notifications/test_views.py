"""Every page for every role: who may (200) and who may not (403/404); constant query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Delivery, Notification, NotificationPreference

from .factories import DeadlineFactory, DeliveryFactory, NotificationFactory

ALL = [*Role.values, "none", "superuser"]
STAFF = {
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    "superuser",
}


@pytest.fixture
def stranger_note(make_user):
    return NotificationFactory(recipient=make_user("member"), title="别人的秘密通知")


class TestOwnPages:
    @pytest.mark.parametrize("role", ALL)
    def test_list_shows_only_own(self, client_for, role_users, role, stranger_note):
        user = role_users[role]
        NotificationFactory(recipient=user, title="我的通知")
        response = client_for(user).get(reverse("notifications:list"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "我的通知" in content and "别人的秘密通知" not in content

    @pytest.mark.parametrize("role", ALL)
    def test_preferences_for_everyone(self, client_for, role_users, role):
        assert (
            client_for(role_users[role]).get(reverse("notifications:preferences")).status_code
            == 200
        )

    @pytest.mark.parametrize(
        "name", ["notifications:list", "notifications:preferences", "notifications:deadlines"]
    )
    def test_anonymous_goes_to_login(self, client, db, name):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("role", ALL)
    def test_someone_elses_notification_does_not_exist(
        self, client_for, role_users, role, stranger_note
    ):
        client = client_for(role_users[role])
        assert client.get(reverse("notifications:open", args=[stranger_note.pk])).status_code == 404
        assert (
            client.post(reverse("notifications:read", args=[stranger_note.pk])).status_code == 404
        )
        stranger_note.refresh_from_db()
        assert stranger_note.read_at is None

    def test_open_marks_read_and_follows_local_links_only(self, client_for, member_user):
        note = NotificationFactory(recipient=member_user, url="/proposals/5/")
        evil = NotificationFactory(recipient=member_user, url="https://evil.example/")
        client = client_for(member_user)
        response = client.get(reverse("notifications:open", args=[note.pk]))
        assert response["Location"] == "/proposals/5/"
        note.refresh_from_db()
        assert note.read_at is not None
        response = client.get(reverse("notifications:open", args=[evil.pk]))
        assert response["Location"] == reverse("notifications:list")

    def test_mark_read_with_htmx_updates_row_and_bell(self, client_for, member_user):
        note = NotificationFactory(recipient=member_user)
        NotificationFactory(recipient=member_user)
        response = client_for(member_user).post(
            reverse("notifications:read", args=[note.pk]), HTTP_HX_REQUEST="true"
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert f'id="note-{note.pk}"' in content and 'hx-swap-oob="true"' in content
        assert "data-unread-count>1<" in content

    def test_mark_read_without_htmx_redirects_safely(self, client_for, member_user):
        note = NotificationFactory(recipient=member_user)
        response = client_for(member_user).post(
            reverse("notifications:read", args=[note.pk]), {"next": "https://evil.example/"}
        )
        assert response["Location"] == reverse("notifications:list")

    def test_mark_all_read(self, client_for, member_user, stranger_note):
        NotificationFactory.create_batch(3, recipient=member_user)
        response = client_for(member_user).post(reverse("notifications:read_all"))
        assert response.status_code == 302
        assert not Notification.objects.filter(recipient=member_user, read_at=None).exists()
        stranger_note.refresh_from_db()
        assert stranger_note.read_at is None

    def test_get_does_not_mark_all_read(self, client_for, member_user):
        assert client_for(member_user).get(reverse("notifications:read_all")).status_code == 405

    def test_unread_first_and_unread_filter(self, client_for, member_user):
        old_unread = NotificationFactory(recipient=member_user, title="旧的未读")
        NotificationFactory(recipient=member_user, title="新的已读", read_at=timezone.now())
        client = client_for(member_user)
        content = client.get(reverse("notifications:list")).content.decode()
        assert content.index("旧的未读") < content.index("新的已读")
        content = client.get(reverse("notifications:list") + "?unread=1").content.decode()
        assert old_unread.title in content and "新的已读" not in content

    def test_bell_shows_unread_count_on_every_page(self, client_for, member_user):
        """Every page asks for the menu's counts once loaded; the answer carries the bell."""
        NotificationFactory.create_batch(3, recipient=member_user)
        client = client_for(member_user)
        page = client.get(reverse("home")).content.decode()
        assert reverse("nav_counts") in page and 'id="notification-bell"' in page
        content = client.get(reverse("nav_counts")).content.decode()
        assert "data-unread-count>3<" in content and 'hx-swap-oob="true"' in content

    def test_profile_links_to_preferences(self, client_for, member_user):
        content = client_for(member_user).get(reverse("profile")).content.decode()
        assert reverse("notifications:preferences") in content

    def test_save_preferences(self, client_for, member_user):
        client = client_for(member_user)
        url = reverse("notifications:preferences")
        response = client.post(url, {"email": "on", "sms": "on", "phone": ""})
        assert response.status_code == 200 and not NotificationPreference.objects.exists()
        response = client.post(url, {"sms": "on", "phone": "12345"})
        assert response.status_code == 200 and not NotificationPreference.objects.exists()
        response = client.post(url, {"sms": "on", "phone": "13912345678"})
        assert response.status_code == 302
        pref = NotificationPreference.objects.get(user=member_user)
        assert (pref.email, pref.sms, pref.phone) == (False, True, "13912345678")


class TestStaffPages:
    @pytest.mark.parametrize("role", ALL)
    def test_deadlines_permissions(self, client_for, role_users, role):
        DeadlineFactory(title="全区的期限", unit_id=4, unit_name="区教育局")
        response = client_for(role_users[role]).get(reverse("notifications:deadlines"))
        assert response.status_code == (200 if role in STAFF else 403)
        if response.status_code == 200:
            assert "全区的期限" in response.content.decode()

    @pytest.mark.parametrize("role", ALL)
    def test_deliveries_permissions(self, client_for, role_users, role):
        failed = DeliveryFactory(state=Delivery.State.FAILED, last_error="SMTP 550")
        client = client_for(role_users[role])
        response = client.get(reverse("notifications:deliveries"))
        assert response.status_code == (200 if role in STAFF else 403)
        response = client.post(reverse("notifications:delivery_retry", args=[failed.pk]))
        failed.refresh_from_db()
        if role in STAFF:
            assert response.status_code == 302 and failed.state == Delivery.State.PENDING
        else:
            assert response.status_code == 403 and failed.state == Delivery.State.FAILED

    @pytest.mark.parametrize("role", ALL)
    def test_staff_deadlines_in_navigation(self, client_for, role_users, role):
        content = client_for(role_users[role]).get(reverse("home")).content.decode()
        assert (reverse("notifications:deadlines") in content) == (role in STAFF)

    def test_deadline_filters_and_unit_overdue_counts(self, client_for, role_users, make_user):
        today = timezone.localdate()
        zhao = make_user("unit_liaison", first_name="赵联络")
        DeadlineFactory(
            title="教育逾期一",
            unit_id=1,
            unit_name="区教育局",
            due_on=today - timedelta(days=3),
            responsible=[zhao],
        )
        DeadlineFactory(
            title="教育逾期二",
            unit_id=1,
            unit_name="区教育局",
            due_on=today - timedelta(days=1),
            duty="proposal.co_unit_views",
        )
        DeadlineFactory(
            title="民政将到期", unit_id=2, unit_name="区民政局", due_on=today + timedelta(days=5)
        )
        DeadlineFactory(
            title="已完成的",
            unit_id=2,
            unit_name="区民政局",
            due_on=today - timedelta(days=9),
            state="met",
        )
        DeadlineFactory(title="社情编辑", duty="opinion.edit", due_on=today + timedelta(days=2))
        client = client_for(role_users[Role.PROPOSAL_STAFF])
        url = reverse("notifications:deadlines")

        def titles(query):
            content = client.get(url, query).content.decode()
            return {
                t
                for t in ["教育逾期一", "教育逾期二", "民政将到期", "已完成的", "社情编辑"]
                if t in content
            }

        assert titles({}) == {"教育逾期一", "教育逾期二", "民政将到期", "社情编辑"}
        assert titles({"when": "overdue"}) == {"教育逾期一", "教育逾期二"}
        assert titles({"when": "upcoming"}) == {"民政将到期", "社情编辑"}
        assert titles({"unit": "2"}) == {"民政将到期"}
        assert titles({"duty": "proposal.co_unit_views"}) == {"教育逾期二"}
        assert titles({"duty": "opinion.*"}) == {"社情编辑"}
        assert titles({"responsible": "赵联络"}) == {"教育逾期一"}
        response = client.get(url)
        counts = [(r["unit_name"], r["overdue"]) for r in response.context["unit_counts"]]
        assert counts == [("区教育局", 2)]

    def test_deliveries_page_lists_failures(self, client_for, role_users):
        DeliveryFactory(state=Delivery.State.FAILED, last_error="SMTP 550 mailbox full")
        DeliveryFactory(state=Delivery.State.SENT, notification__title="顺利送达")
        content = (
            client_for(role_users["superuser"])
            .get(reverse("notifications:deliveries"))
            .content.decode()
        )
        assert "SMTP 550 mailbox full" in content and "顺利送达" not in content


class TestQueryCounts:
    @pytest.mark.parametrize("n", [3, 25])
    def test_notification_list(self, client_for, member_user, django_assert_max_num_queries, n):
        NotificationFactory.create_batch(n, recipient=member_user)
        client = client_for(member_user)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("notifications:list")).status_code == 200

    @pytest.mark.parametrize("n", [3, 25])
    def test_deadlines(self, client_for, role_users, make_user, django_assert_max_num_queries, n):
        people = [make_user("unit_liaison") for _ in range(3)]
        for i in range(n):
            DeadlineFactory(
                unit_id=i % 4, unit_name=f"单位{i % 4}", responsible=people[: 1 + i % 3]
            )
        client = client_for(role_users[Role.PROPOSAL_STAFF])
        with django_assert_max_num_queries(14):
            assert client.get(reverse("notifications:deadlines")).status_code == 200

    @pytest.mark.parametrize("n", [3, 25])
    def test_deliveries(self, client_for, role_users, django_assert_max_num_queries, n):
        DeliveryFactory.create_batch(n, state=Delivery.State.FAILED)
        client = client_for(role_users[Role.LIAISON_STAFF])
        with django_assert_max_num_queries(12):
            assert client.get(reverse("notifications:deliveries")).status_code == 200


class TestAdmin:
    MODELS = [
        "notification",
        "delivery",
        "notificationpreference",
        "deadline",
        "reminderpolicy",
        "calendaroverride",
        "remindersent",
    ]

    @pytest.mark.parametrize("model", MODELS)
    def test_superuser_sees_every_changelist(self, client_for, role_users, model):
        DeadlineFactory()
        DeliveryFactory()
        url = reverse(f"admin:notifications_{model}_changelist")
        assert client_for(role_users["superuser"]).get(url).status_code == 200

    def test_proposal_staff_edit_policies_and_read_deadlines(self, client_for, role_users):
        client = client_for(role_users[Role.PROPOSAL_STAFF])
        deadline = DeadlineFactory()
        assert client.get(reverse("admin:notifications_reminderpolicy_add")).status_code == 200
        assert client.get(reverse("admin:notifications_calendaroverride_add")).status_code == 200
        assert client.get(reverse("admin:notifications_deadline_changelist")).status_code == 200
        assert client.get(reverse("admin:notifications_deadline_add")).status_code == 403
        response = client.get(reverse("admin:notifications_deadline_change", args=[deadline.pk]))
        assert response.status_code == 200 and b'name="due_on"' not in response.content
        assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403

    def test_admin_retry_action(self, client_for, role_users):
        failed = DeliveryFactory(state=Delivery.State.FAILED)
        client = client_for(role_users[Role.OPINION_STAFF])
        response = client.post(
            reverse("admin:notifications_delivery_changelist"),
            {"action": "retry", "_selected_action": [failed.pk]},
        )
        assert response.status_code == 302
        failed.refresh_from_db()
        assert failed.state == Delivery.State.PENDING

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.UNIT_LIAISON, Role.LEADER, "none"])
    def test_others_cannot_reach_the_admin(self, client_for, role_users, role):
        response = client_for(role_users[role]).get(
            reverse("admin:notifications_deadline_changelist")
        )
        assert response.status_code == 302  # to the admin login


def test_home_lists_my_deadlines(client_for, make_user):
    liaison = make_user("unit_liaison")
    DeadlineFactory(title="我负责的期限", responsible=[liaison])
    DeadlineFactory(title="别人的期限")
    content = client_for(liaison).get(reverse("home")).content.decode()
    assert "我负责的期限" in content and "别人的期限" not in content


def test_deadlines_partial_for_detail_pages(make_user):
    from django.template.loader import render_to_string

    from cppcc_portal.notifications import services

    target = make_user()
    DeadlineFactory(target_id=target.pk, duty="proposal.unit_signfor", state="met")
    DeadlineFactory(target_id=target.pk, duty="proposal.lead_reply", state="met", met_late=True)
    html = render_to_string(
        "notifications/_deadlines.html", {"deadlines": services.deadlines_for(target)}
    )
    assert "承办单位签收或退回" in html and "主办单位答复" in html and "逾期" in html
