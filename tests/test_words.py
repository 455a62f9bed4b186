"""The portal as its users read it: page titles, the favicon, the admin in Chinese."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from cppcc_portal.accounts.roles import Role

SITE = settings.SITE_TITLE


def _title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.django_db
def test_login_page_title_names_the_page_then_the_site(client):
    assert _title(client.get(reverse("login"))) == f"登录 · {SITE}"


def test_home_page_title_is_the_site_alone(client_for, member_user):
    assert _title(client_for(member_user).get(reverse("home"))) == SITE


@pytest.mark.parametrize(
    ("role", "name", "page"),
    [
        (Role.MEMBER, "proposals:mine", "我的提案"),
        (Role.PROPOSAL_STAFF, "proposals:review", None),
        (Role.LIAISON_STAFF, "members:list", None),
    ],
)
def test_inner_pages_read_page_dot_site(client_for, role_users, role, name, page):
    response = client_for(role_users[role]).get(reverse(name))
    assert response.status_code == 200
    title = _title(response)
    own, _, site = title.rpartition(" · ")
    assert site == SITE and own and not own.startswith("·")
    assert re.search(r"[\u4e00-\u9fff]", own), title
    if page:
        assert own == page


@pytest.mark.django_db
def test_favicon_is_linked_and_favicon_ico_is_answered(client):
    html = client.get(reverse("login")).content.decode()
    assert re.search(
        r'<link rel="icon" href="/static/img/favicon\.svg" type="image/svg\+xml">', html
    )
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    svg = (settings.BASE_DIR / "static" / "img" / "favicon.svg").read_text()
    assert svg.startswith("<svg") and "viewBox" in svg


ENGLISH_ADMIN_NAMES = [
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Otp_Totp",
    "TOTP devices",
    "Pghistory",
    ">Events<",
    "historys",
    "Periodic tasks",
    "Django Celery Beat",
]


def _admin_user(make_user, role_users, who):
    """The superuser, or a security role with admin access (三员分立: the login records and
    devices are the security administrator's and auditor's, not the superuser's)."""
    if who == "superuser":
        return role_users["superuser"]
    return make_user(who, is_staff=True)


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("superuser", ["修改历史", "提案修改历史"]),
        ("security_admin", ["登录防护", "登录尝试", "双因素认证设备"]),
        ("security_auditor", ["登录防护", "登录尝试", "登录日志"]),
    ],
)
def test_admin_index_names_every_app_and_model_in_chinese(
    client_for, role_users, make_user, who, names
):
    html = client_for(_admin_user(make_user, role_users, who)).get("/admin/").content.decode()
    left = [name for name in ENGLISH_ADMIN_NAMES if name in html]
    assert not left, left
    for chinese in names:
        assert chinese in html, chinese


@pytest.mark.parametrize(
    ("who", "url", "chinese"),
    [
        ("security_admin", "/admin/axes/accessattempt/", "登录尝试"),
        ("security_auditor", "/admin/axes/accesslog/", "登录日志"),
        ("security_admin", "/admin/otp_totp/totpdevice/", "双因素认证设备"),
        ("superuser", "/admin/pghistory/events/", "修改记录"),
        ("superuser", "/admin/proposals/proposalhistory/", "提案修改历史"),
        ("superuser", "/admin/django_celery_beat/periodictask/", "周期性任务"),
    ],
)
def test_admin_changelists_read_chinese(client_for, role_users, make_user, who, url, chinese):
    response = client_for(_admin_user(make_user, role_users, who)).get(url)
    assert response.status_code == 200
    title = _title(response)
    assert chinese in title and not re.search(r"[A-Za-z]{3,}", title), title


def test_admin_javascript_catalogue_is_chinese(client_for, role_users):
    """The two-list selection widget (filter_horizontal) reads its strings from admin's jsi18n."""
    client = client_for(role_users["superuser"])
    change_form = client.get("/admin/members/term/add/").content.decode()
    assert "/admin/jsi18n/" in change_form
    js = client.get("/admin/jsi18n/").content.decode()
    assert '"Available %s": "\\u53ef\\u7528 %s"' in js  # 可用 %s
    assert '"Choose all": "\\u5168\\u9009"' in js  # 全选


def test_station_words_in_their_place(client_for, role_users):
    """名称 heads the station and activity lists, 教育 (not 学历) on the residents' form."""
    from tests.stations.factories import ActivityFactory, StationFactory

    station = StationFactory()
    ActivityFactory(station=station)
    public = client_for(role_users["none"]).get(
        reverse("stations:public_station", args=[station.pk])
    )
    form = public.content.decode()
    assert ">教育<" in form and ">学历<" not in form
    staff = client_for(role_users[Role.LIAISON_STAFF])
    stations = staff.get(reverse("stations:list")).content.decode()
    assert "<th>名称</th>" in stations and "<th>姓名</th>" not in stations
    detail = staff.get(reverse("stations:detail", args=[station.pk])).content.decode()
    assert "<th>名称</th>" in detail
