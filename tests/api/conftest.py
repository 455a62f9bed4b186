"""Fixtures for the API: a device token per user, and a client that sends it."""

import pytest

from api import tokens
from tests.proposals.conftest import (  # noqa: F401  (the pipeline's cast, reused)
    category,
    co_unit,
    liaison,
    liaison2,
    make_member_user,
    session,
    staff,
    unit,
)


@pytest.fixture
def token_for(db):
    def make(user, days=90, name="手机"):
        return tokens.create_token(actor=user, name=name, days=days)[1]

    return make


class Api:
    """The Django test client speaking JSON with a bearer token (or none)."""

    def __init__(self, client, raw=None):
        self.client, self.raw = client, raw

    def _headers(self):
        return {"Authorization": f"Bearer {self.raw}"} if self.raw else {}

    def get(self, path, **params):
        return self.client.get(f"/api{path}", params, headers=self._headers())

    def send(self, method, path, body=None):
        return getattr(self.client, method)(
            f"/api{path}", body or {}, content_type="application/json", headers=self._headers()
        )

    def post(self, path, body=None):
        return self.send("post", path, body)

    def patch(self, path, body=None):
        return self.send("patch", path, body)


@pytest.fixture
def api_as(client, token_for):
    def make(user):
        return Api(client, token_for(user) if user is not None else None)

    return make
