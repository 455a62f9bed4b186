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
