"""Shared fixtures: a user per role, a member linked to an account, and the browser."""

import os

import pytest
from django.core.cache import cache

from cppcc_portal.accounts.roles import Role

from . import profiles  # noqa: F401  (loads the hypothesis profile: ci, dev or fuzz)
from .factories import PASSWORD, MemberFactory, TermFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = list(Role.values)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _clean_cache():
    yield
    cache.clear()


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def make_user(db):
    def make(*roles, **kwargs):
        kwargs.setdefault(
            "is_staff",
            any(
                r in {"proposal_staff", "opinion_staff", "consultation_staff", "liaison_staff"}
                for r in roles
            ),
        )
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def member_user(make_user, term):
    """A member with an account (role `member`), linked to a Member record."""
    user = make_user(Role.MEMBER)
    member = MemberFactory(user=user, name="王委员")
    member.terms.add(term)
    return user


@pytest.fixture
def role_users(make_user, member_user):
    """One user per role (the member one is linked to a Member), plus an outsider with no role."""
    users = {role: make_user(role) for role in ROLES if role != Role.MEMBER}
    users[Role.MEMBER] = member_user
    users["none"] = make_user()
    users["superuser"] = make_user(is_superuser=True, is_staff=True)
    return users


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# --- Browser tests --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def phone_page(browser):
    """A page the size of a phone (375 px wide), with touch."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_page(live_server):
    """Log in through the real form: login_page(page, user)."""

    def do_login(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        return page

    return do_login


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`) the browser tests run together on one worker:
    they start Chromium and a live server each, and side by side on two cores they time out."""
    browser_fixtures = {"page", "phone_page", "live_server", "login_page"}
    for item in items:
        if item.get_closest_marker("e2e") or browser_fixtures & set(item.fixturenames):
            item.add_marker(pytest.mark.xdist_group("browser"))
