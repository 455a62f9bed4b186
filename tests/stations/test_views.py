import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from stations import services
from stations.models import Opinion
from stations.workflow import OpinionState
from tests.factories import MemberFactory

from .factories import ActivityFactory, AssignmentFactory, OpinionFactory, StationFactory

pytestmark = pytest.mark.django_db

ALL = [*Role.values, "none", "superuser"]
READERS = {*STAFF_ROLES, Role.LEADER, "superuser"}
PAGE_USERS = READERS | {Role.STATION_MANAGER}
ACTORS = {Role.LIAISON_STAFF, Role.STATION_MANAGER, "superuser"}


def expected(role, allowed, *, hidden=None):
    if role in allowed:
        return 200
    return 403


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


@pytest.mark.parametrize("role", ALL)
def test_station_pages_permissions(client_for, role_users, role, station, activity, opinion, photo):
    from stations.services import plan_visit_round

    visit_round = plan_visit_round(
        actor=role_users[Role.LIAISON_STAFF], station=station, year=2026, quarter=1
    )
    client = client_for(role_users[role])
    code = 200 if role in PAGE_USERS else 403
    for url in [
        reverse("stations:list"),
        reverse("stations:opinion_list"),
        reverse("stations:detail", args=[station.pk]),
        reverse("stations:export", args=[station.pk]),
        reverse("stations:report", args=[station.pk]),
        reverse("stations:activity_detail", args=[activity.pk]),
        reverse("stations:photo", args=[photo.pk]),
        reverse("stations:round_detail", args=[visit_round.pk]),
        reverse("stations:opinion_detail", args=[opinion.pk]),
    ]:
        assert client.get(url).status_code == code, url
    act = 200 if role in ACTORS else 403
    for url in [
        reverse("stations:activity_create", args=[station.pk]),
        reverse("stations:opinion_create", args=[station.pk]),
    ]:
        assert client.get(url).status_code == act, url
    response = client.post(
        reverse("stations:opinion_action", args=[opinion.pk, "start"]), {"start-note": "开始"}
    )
    assert response.status_code == (302 if role in ACTORS else 403)
    assert client.get(reverse("stations:unassigned")).status_code == (
        200 if role in {Role.LIAISON_STAFF, "superuser"} else 403
    )
    assert client.post(reverse("stations:assign_by_street")).status_code == (
        302 if role in {Role.LIAISON_STAFF, "superuser"} else 403
    )


def test_anonymous_is_sent_to_login(client, station):
    response = client.get(reverse("stations:detail", args=[station.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_station_head_cannot_touch_another_station(
    client_for, head_user, station, other_station, opinion, activity
):
    client = client_for(head_user)
    for url in [
        reverse("stations:detail", args=[station.pk]),
        reverse("stations:export", args=[station.pk]),
        reverse("stations:activity_create", args=[station.pk]),
        reverse("stations:opinion_create", args=[station.pk]),
        reverse("stations:opinion_detail", args=[opinion.pk]),
        reverse("stations:activity_detail", args=[activity.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("stations:opinion_action", args=[opinion.pk, "resolve"]), {"resolve-result": "x"}
    )
    assert response.status_code == 404
    response = client.post(reverse("stations:round_create", args=[station.pk]), {})
    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RECEIVED
    # their own station works, and lists show only it
    assert client.get(reverse("stations:detail", args=[other_station.pk])).status_code == 200
    page = client.get(reverse("stations:list")).content.decode()
    assert other_station.name in page and station.name not in page


def test_contact_is_masked_outside_staff(client_for, role_users, opinion):
    staff = client_for(role_users[Role.LIAISON_STAFF]).get(
        reverse("stations:opinion_detail", args=[opinion.pk])
    )
    assert "13700001111" in staff.content.decode()
    manager = client_for(role_users[Role.STATION_MANAGER]).get(
        reverse("stations:opinion_detail", args=[opinion.pk])
    )
    content = manager.content.decode()
    assert "13700001111" not in content and "137****1111" in content


def test_opinion_actions_through_the_page(client_for, role_users, station, opinion):
    client = client_for(role_users[Role.STATION_MANAGER])
    url = reverse("stations:opinion_action", args=[opinion.pk, "resolve"])
    assert client.post(url, {"resolve-result": ""}).status_code == 400
    assert client.post(url, {"resolve-result": "已修复"}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RESOLVED
    # a stale second click is refused with a message, not an error
    response = client.post(url, {"resolve-result": "再次"})
    assert response.status_code == 400
    assert "刷新" in response.content.decode()
    assert (
        client.post(reverse("stations:opinion_action", args=[opinion.pk, "bogus"])).status_code
        == 404
    )


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


def test_bulk_assignment_page(client_for, role_users, station):
    newcomer = MemberFactory(name="新委员")
    client = client_for(role_users[Role.LIAISON_STAFF])
    page = client.get(reverse("stations:unassigned")).content.decode()
    assert "新委员" in page
    response = client.post(
        reverse("stations:unassigned"), {"station": station.pk, "members": [newcomer.pk]}
    )
    assert response.status_code == 302
    assert newcomer.station_assignments.get().station == station


def test_excel_and_word_exports(client_for, role_users, station, activity, opinion):
    from docx import Document
    from openpyxl import load_workbook

    client = client_for(role_users[Role.LEADER])
    response = client.get(reverse("stations:export", args=[station.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    values = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row}
    assert activity.title in values and "13700001111" not in values
    response = client.get(reverse("stations:report", args=[station.pk]))
    doc = Document(io.BytesIO(response.content))
    assert station.name in doc.paragraphs[0].text
    assert 'w:eastAsia="黑体"' in doc.paragraphs[1].runs[0]._element.xml
    assert 'w:eastAsia="宋体"' in doc.paragraphs[2].runs[0]._element.xml


# --- Public pages ---------------------------------------------------------------------------------


def test_public_pages_need_no_login_and_show_no_personal_data(client, station, opinion):
    member = MemberFactory(
        name="公开委员", phone="13912345678", id_number="120222198001011234", work_unit="秘密单位"
    )
    AssignmentFactory(station=station, member=member)
    ActivityFactory(station=station, title="下周接待日", date="2099-01-01")
    for url in [
        reverse("stations:public_directory"),
        reverse("stations:public_station", args=[station.pk]),
    ]:
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "公开委员" in content and member.sector.name in content and "下周接待日" in content
        assert "13912345678" not in content and "120222198001011234" not in content
        assert "秘密单位" not in content and "13700001111" not in content
        assert not re.search(r"1[3-9]\d{9}", content), "no phone number on a public page"


def test_public_opinion_receipt_and_lookup(client, station):
    url = reverse("stations:public_station", args=[station.pk])
    response = client.post(
        url,
        {
            "category": "transport",
            "content": "公交站太远，希望增设站点。",
            "resident_contact": "13600001234",
        },
    )
    assert response.status_code == 200
    code = response.context["code"]
    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.source == Opinion.Source.PUBLIC and opinion.resident_contact == "13600001234"
    lookup = client.get(reverse("stations:public_lookup"), {"code": code.lower()})
    content = lookup.content.decode()
    assert "已受理" in content and "13600001234" not in content
    missing = client.get(reverse("stations:public_lookup"), {"code": "ZZZZZZZZZZ"})
    assert missing.status_code == 200 and missing.context["opinion"] is None


def test_public_form_limits_and_honeypot(client, station):
    url = reverse("stations:public_station", args=[station.pk])
    too_long = client.post(url, {"category": "other", "content": "长" * 1001})
    assert too_long.status_code == 200 and too_long.context["form"].errors
    bot = client.post(url, {"category": "other", "content": "我是机器人发的广告", "website": "x"})
    assert bot.status_code == 200 and "code" not in bot.context
    assert not Opinion.objects.exists()


def test_two_hundred_rapid_submissions_are_throttled(client, station):
    url = reverse("stations:public_station", args=[station.pk])
    codes = [
        client.post(
            url,
            {"category": "other", "content": f"第{i}条意见内容"},
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for i in range(200)
    ]
    assert set(codes) == {200, 429}
    assert codes.count(200) == 5 and Opinion.objects.count() == 5
    throttled = client.post(
        url, {"category": "other", "content": "再来一条"}, REMOTE_ADDR="203.0.113.9"
    )
    assert throttled.status_code == 429 and "请稍后" in throttled.content.decode()
    # another address is not affected
    other = client.post(
        url, {"category": "other", "content": "另一位居民"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 200 and Opinion.objects.count() == 6


def test_inactive_station_is_not_public(client):
    station = StationFactory(is_active=False)
    assert client.get(reverse("stations:public_station", args=[station.pk])).status_code == 404


# --- Constant query counts --------------------------------------------------------------------------


def _grow(station, n):
    for _ in range(n):
        AssignmentFactory(station=station)
        activity = ActivityFactory(station=station)
        activity.participants.add(station.assignments.last().member)
        OpinionFactory(station=station)
        StationFactory()


@pytest.mark.parametrize(
    "name,role",
    [
        ("list", Role.LIAISON_STAFF),
        ("detail", Role.LEADER),
        ("opinions", Role.STATION_MANAGER),
        ("opinion", Role.STATION_MANAGER),
        ("unassigned", Role.LIAISON_STAFF),
        ("public", None),
        ("public_station", None),
    ],
)
def test_query_counts_are_constant(
    client, client_for, role_users, station, name, role, django_assert_max_num_queries
):
    client = client_for(role_users[role]) if role else client
    first = OpinionFactory(station=station)

    def url():
        return {
            "list": reverse("stations:list"),
            "detail": reverse("stations:detail", args=[station.pk]),
            "opinions": reverse("stations:opinion_list"),
            "opinion": reverse("stations:opinion_detail", args=[first.pk]),
            "unassigned": reverse("stations:unassigned"),
            "public": reverse("stations:public_directory"),
            "public_station": reverse("stations:public_station", args=[station.pk]),
        }[name]

    _grow(station, 2)
    with django_assert_max_num_queries(30):
        assert client.get(url()).status_code == 200
    _grow(station, 15)
    with django_assert_max_num_queries(30):
        assert client.get(url()).status_code == 200


def test_public_pages_pass_a_login_required_middleware(client, settings, station):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    for url in [
        reverse("stations:public_directory"),
        reverse("stations:public_station", args=[station.pk]),
        reverse("stations:public_lookup"),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("stations:list")).status_code == 302
