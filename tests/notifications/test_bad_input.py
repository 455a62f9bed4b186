"""Hostile input into the notification preferences, the deadline and delivery filters and the
mark-read / retry posts: a form error or a refusal, never a 500, never echoed unescaped,
never a redirect off the site (see tests/badinput.py)."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Delivery, Notification, NotificationPreference
from tests.badinput import HOSTILE, SCRIPT, assert_safe, assert_survives_bad_input
from tests.proposals.factories import HandlingUnitFactory

from .factories import DeadlineFactory, DeliveryFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def _stays_on_site(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        parts = urlsplit(location)
        assert not parts.scheme and not parts.netloc and not location.startswith("//"), location
        assert "\n" not in location and "\r" not in location


@pytest.fixture
def staff(role_users):
    return role_users[Role.PROPOSAL_STAFF]


def test_notification_list_parameters(client_for, member_user):
    NotificationFactory(recipient=member_user, title=SCRIPT)
    client = client_for(member_user)
    assert_survives_bad_input(
        client, reverse("notifications:list"), ["unread", "page"], method="get", max_examples=10
    )


def test_preference_form(client_for, member_user):
    client = client_for(member_user)
    url = reverse("notifications:preferences")
    assert_survives_bad_input(client, url, ["email", "sms", "phone"], max_examples=15)
    assert_survives_bad_input(client, url, ["phone"], extra={"sms": "on"}, max_examples=10)
    assert_survives_bad_input(client, url, ["email", "sms"], extra={"phone": "13800138000"})
    pref = NotificationPreference.objects.get(user=member_user)
    assert pref.phone == "" or re.fullmatch(r"1\d{10}", pref.phone), pref.phone
    assert not pref.sms or pref.phone
    assert_safe(client.get(url))


def test_deadline_filter(client_for, staff, chain):
    unit = HandlingUnitFactory(name="区教育局")
    DeadlineFactory(responsible=[chain["liaison"]], unit_id=unit.pk, unit_name=unit.name)
    DeadlineFactory(responsible=[chain["head"]], title=SCRIPT)
    client = client_for(staff)
    assert_survives_bad_input(
        client,
        reverse("notifications:deadlines"),
        ["when", "duty", "unit", "responsible", "page"],
        method="get",
        max_examples=15,
    )
    assert_survives_bad_input(
        client,
        reverse("notifications:deadlines"),
        ["responsible"],
        method="get",
        extra={"unit": str(unit.pk), "when": "overdue", "duty": "proposal.*"},
        max_examples=10,
    )


def test_delivery_filter(client_for, staff):
    DeliveryFactory(state=Delivery.State.FAILED, last_error=SCRIPT)
    assert_survives_bad_input(
        client_for(staff),
        reverse("notifications:deliveries"),
        ["state", "channel", "page"],
        method="get",
        max_examples=15,
    )


def test_delivery_retry_post(client_for, staff):
    delivery = DeliveryFactory(state=Delivery.State.FAILED, attempts=5)
    url = reverse("notifications:delivery_retry", args=[delivery.pk])
    client = client_for(staff)
    assert_survives_bad_input(client, url, ["state", "next"], max_examples=10, after=_stays_on_site)
    # the filter of the list it came from travels in the query string and back in the redirect
    for value in HOSTILE[:14]:
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED)
        response = client.post(f"{url}?state={quote(value)}&channel={quote(value)}")
        assert_safe(response)
        _stays_on_site(response)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.PENDING


def test_mark_read_posts(client_for, member_user):
    note = NotificationFactory(recipient=member_user)
    client = client_for(member_user)
    url = reverse("notifications:read", args=[note.pk])
    assert_survives_bad_input(client, url, ["next"], max_examples=15, after=_stays_on_site)
    for target in ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "\\\\evil"]:
        response = client.post(url, {"next": target})
        assert response["Location"] == reverse("notifications:list")
    response = client.post(url, {"next": SCRIPT}, HTTP_HX_REQUEST="true")
    assert_safe(response)
    assert_survives_bad_input(
        client, reverse("notifications:read_all"), ["next"], max_examples=5, after=_stays_on_site
    )
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("target", ["abc", "home", "notifications:list", "x y", "%00"])
def test_a_bare_word_as_next_is_not_a_server_error(client_for, member_user, target):
    """Regression: redirect("abc") took the word for a URL name: NoReverseMatch, a 500."""
    note = NotificationFactory(recipient=member_user)
    response = client_for(member_user).post(
        reverse("notifications:read", args=[note.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_cannot_be_marked(client_for, member_user, make_user):
    note = NotificationFactory(recipient=make_user(Role.MEMBER))
    response = client_for(member_user).post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/x", "javascript:alert(1)", SCRIPT]
)
def test_opening_a_notification_with_a_hostile_link_stays_on_site(client_for, member_user, target):
    note = NotificationFactory(recipient=member_user, url=target)
    response = client_for(member_user).get(reverse("notifications:open", args=[note.pk]))
    assert_safe(response)
    _stays_on_site(response)
    assert Notification.objects.get(pk=note.pk).read_at is not None


@pytest.mark.parametrize("pk", ["-1", "0", "99999999999999999999", "abc"])
def test_notification_urls_with_hostile_ids(client_for, staff, pk):
    client = client_for(staff)
    assert_safe(client.get(f"/notifications/{pk}/open/"))
    assert_safe(client.post(f"/notifications/{pk}/read/"))
    assert_safe(client.post(f"/notifications/deliveries/{pk}/retry/"))


@pytest.mark.parametrize("title", ["会议\r\nBcc: all@evil.example", "a\nb", "x\x0by\x1bz"])
def test_a_line_break_in_a_title_does_not_lose_the_email(make_user, title):
    """Regression: a title typed with a line break (a notice title, say) made the e-mail
    subject raise BadHeaderError, so every attempt failed and the delivery was lost."""
    from django.core import mail

    from cppcc_portal.notifications import delivery

    user = make_user(Role.MEMBER, email="weiyuan@example.cn")
    note = NotificationFactory(recipient=user, title=title)
    sent = DeliveryFactory(notification=note, channel=Delivery.Channel.EMAIL)
    assert delivery.deliver_one(sent.pk) is True
    subject = mail.outbox[-1].subject
    assert "\n" not in subject and "\r" not in subject and "Bcc" not in mail.outbox[-1].bcc
    assert mail.outbox[-1].bcc == []
