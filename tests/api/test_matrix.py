"""Every API route × every role, with a device token and with the web session (anonymous:
neither): the expected answer, never a 500; refusals are JSON errors."""

import pytest
from django.test import Client

from api.main import api
from tests.matrix.registry import EVERY_ROLE

from .conftest import Api
from .routes import ANONYMOUS, ROUTES

REFUSED = {403, 404}


def schema_operations():
    found = set()
    for path, methods in api.get_openapi_schema()["paths"].items():
        found |= {(method, path) for method in methods}
    return found | {("get", "/api/openapi.json"), ("get", "/api/docs")}


def test_every_route_is_in_the_matrix():
    assert schema_operations() == set(ROUTES), "add the route to tests/api/routes.py ROUTES"


@pytest.fixture
def users(role_users):
    return {**role_users, ANONYMOUS: None}


def _call(api_client, method, op):
    if method == "get":
        return api_client.get(op.path)
    return api_client.send(method, op.path, op.body)


class SessionApi(Api):
    """The same calls with the web session instead of a token (a client per user)."""

    def __init__(self, user):
        super().__init__(Client())
        if user is not None:
            self.client.force_login(user)


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("route", sorted(ROUTES), ids=lambda r: f"{r[0]} {r[1]}")
def test_route_for_every_role(api_as, users, route, auth):
    method, _path = route
    make = api_as if auth == "token" else SessionApi
    clients = {role: make(users[role]) for role in sorted(EVERY_ROLE | {ANONYMOUS})}
    for op in ROUTES[route](users):
        # the refused first: an admitted write changes the object the others then try
        roles = sorted(clients, key=lambda role: (role in op.admitted, role))
        for role in roles:
            response = _call(clients[role], method, op)
            status = response.status_code
            where = (method, op.path, op.label, role, status)
            assert status < 500, where
            if role in op.admitted:
                assert status == op.ok, (*where, response.content[:300])
            elif role == ANONYMOUS:
                assert status == 401 and response.json()["code"] == "unauthorized", where
            else:
                assert status in REFUSED, where
                assert response.json()["code"] in {"forbidden", "not_found"}, where
