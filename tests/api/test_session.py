"""The web's own session works too, with Django's CSRF check on every write."""

from django.test import Client


def test_session_reads_and_writes_with_its_csrf_token(member_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    assert client.get("/api/proposals").status_code == 200
    refused = client.post("/api/notifications/read-all", {}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    client.get("/account/tokens/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    ok = client.post(
        "/api/notifications/read-all",
        {},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert ok.status_code == 200, ok.content


def test_without_session_or_token_401(client):
    r = client.get("/api/proposals")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_odd_paths_are_not_server_errors(client, member_user):
    client.force_login(member_user)
    for path in (
        "/api/",
        "/api/nope",
        "/api/proposals/abc",
        "/api/proposals/0",
        "/api/proposals/99999999999",
    ):
        r = client.get(path)
        assert r.status_code in {401, 404, 422}, (path, r.status_code)
