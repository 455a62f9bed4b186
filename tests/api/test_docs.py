"""The schema and its page: OpenAPI 3, the Swagger page from the portal's own static files
(district offices run on an intranet: no CDN)."""

import re

from django.conf import settings
from ninja.openapi.schema import get_schema


def test_openapi_schema(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/proposals/{pk}" in schema["paths"]
    assert {"TokenAuth", "PortalSession"} <= set(schema["components"]["securitySchemes"])


def test_docs_page_references_only_local_assets(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls), urls
    for url in urls:
        assert url.startswith(settings.STATIC_URL) or url.startswith("/api/"), url
    assert "cdn" not in html.lower()
    assert not re.search(r"https?://", html), re.findall(r"https?://\S+", html)


def test_the_schema_is_built_once(client):
    from unittest import mock

    from api.main import api

    api.__dict__.pop("_schemas", None)
    with mock.patch("ninja.main.get_schema", wraps=get_schema) as build:
        for _ in range(3):
            assert client.get("/api/openapi.json").status_code == 200
    assert build.call_count == 1
