"""The docs page works in a browser under the portal's CSP, from local files alone: Swagger UI
renders the schema, no request leaves the portal, nothing is blocked."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_page_renders_offline(page, live_server):
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "CPPCC portal API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    assert page.locator(".opblock-summary-path").count() > 10
    outside = [
        u for u in requested if not u.startswith(live_server.url) and not u.startswith("data:")
    ]
    assert not outside, outside
    assert not problems, problems
