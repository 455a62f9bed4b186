"""Every URL of the portal × every role: the expected answer, never a 500, never a leak.

URLs come from the resolver, so a new view is in the matrix the day it is written; the
expectations come from each part's `tests/<part>/matrix.py` (see registry.py).
"""

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.matrix.registry import ANONYMOUS, EVERY_ROLE

# Reachable without logging in (names, or namespaces ending in ':').
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "ping",
    "set_language",
    "favicon",
}
PUBLIC_PREFIXES = ("stations:public", "news:public", "public:")
REFUSED = {403, 404}


def _walk(resolver, ns=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            name = pattern.namespace
            yield from _walk(pattern, f"{ns}:{name}" if ns and name else (name or ns))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{ns}:{pattern.name}" if ns else pattern.name), pattern


def portal_urls():
    found = {}
    for name, pattern in _walk(get_resolver()):
        if name.startswith(("admin:", "api:")):  # the JSON API: its own matrix, tests/api/
            continue
        found.setdefault(name, pattern)
    return found


def _declarations():
    expect, providers = {}, {}
    for info in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{info.name}.matrix")
        except ModuleNotFoundError as exc:
            if exc.name == f"tests.{info.name}.matrix":
                continue
            raise
        expect.update(getattr(module, "EXPECT", {}))
        providers.update(getattr(module, "PROVIDERS", {}))
    return expect, providers


EXPECT, PROVIDERS = _declarations()
URLS = portal_urls()
PLAIN = sorted(n for n, p in URLS.items() if not p.pattern.converters)
WITH_ARGS = sorted(n for n, p in URLS.items() if p.pattern.converters)


def is_public(name):
    return name in PUBLIC or name.startswith(PUBLIC_PREFIXES)


def test_every_url_with_parameters_has_a_provider():
    missing = [n for n in WITH_ARGS if n not in PROVIDERS and not is_public(n)]
    assert not missing, f"add these to a tests/<part>/matrix.py PROVIDERS: {missing}"


@pytest.fixture
def users(role_users):
    return {**role_users, ANONYMOUS: None}


def _get(client, user, url, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url)


@pytest.mark.parametrize("name", PLAIN)
def test_plain_url_for_every_role(client, users, name):
    url = reverse(name)
    admitted = EXPECT.get(name)
    for role in sorted(EVERY_ROLE | {ANONYMOUS}):
        response = _get(client, users[role], url)
        status = response.status_code
        assert status < 500 or (name == "healthz" and status == 503), (name, role, status)
        if role == ANONYMOUS and not is_public(name):
            assert status in {302, 403, 405}, (name, role, status)
            if status == 302:
                assert "/accounts/login/" in response["Location"], (
                    name,
                    role,
                    response["Location"],
                )
            continue
        if admitted is not None and role != ANONYMOUS:
            if role in admitted:
                assert status in {200, 302, 405}, (name, role, status)
            else:
                assert status in REFUSED, (name, role, status)


@pytest.mark.parametrize("name", [n for n in WITH_ARGS if n in PROVIDERS])
def test_object_url_for_every_role(client, users, name):
    for case in PROVIDERS[name](users):
        url = reverse(name, kwargs=case.kwargs)
        for role in sorted(EVERY_ROLE | {ANONYMOUS}):
            response = _get(client, users[role], url, case.method)
            status = response.status_code
            assert status < 500, (name, case.label, role, status)
            if role == ANONYMOUS and not is_public(name):
                assert status in {302, 403}, (name, case.label, role, status)
            elif role in case.admitted:
                assert status in case.ok, (name, case.label, role, status)
            elif role != ANONYMOUS:
                assert status in REFUSED, (name, case.label, role, status)


ADMIN_MODELS = sorted(f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry)


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_changelists(client, users, model):
    """The admin: superusers see every list; roles without admin access are sent to its login."""
    for action in ("changelist", "add"):
        url = reverse(f"admin:{model}_{action}")
        response = _get(client, users["superuser"], url)
        assert response.status_code in {200, 403}, (model, action, response.status_code)
        for role in (
            "member",
            "unit_liaison",
            "station_manager",
            "leader",
            "security_admin",
            "security_auditor",
            "none",
            ANONYMOUS,
        ):
            response = _get(client, users[role], url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (
                model,
                role,
            )
