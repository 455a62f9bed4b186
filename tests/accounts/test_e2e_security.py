"""The journey: the security auditor logs in with the real form, enrols two-factor login with
the key shown on the page, reaches the portal, and finds the enrolment in the audit log (which
only the auditor reads: 三员分立)."""

import base64

import pytest
from django_otp.oath import totp

from cppcc_portal.accounts.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_auditor_enrols_two_factor_and_finds_it_in_the_audit_log(
    live_server, phone_page, login_page, make_user, settings
):
    settings.REQUIRE_2FA = True
    staff = make_user(Role.SECURITY_AUDITOR, first_name="张审计")
    page = login_page(phone_page, staff)
    page.wait_for_url("**/accounts/two-factor/**")
    assert page.locator("h1").inner_text() == "双因素登录"
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    # every other page is closed until the code is entered
    page.goto(f"{live_server.url}/accounts/profile/")
    page.wait_for_url("**/accounts/two-factor/**")
    page.fill("input[name=token]", _code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/accounts/profile/")
    page.goto(f"{live_server.url}/audit/?action=2fa_enrolled")
    assert page.locator("h1").inner_text() == "安全审计日志"
    row = page.locator("tbody tr").first
    assert staff.username in row.inner_text()
    assert "绑定双因素认证设备" in row.inner_text()
    # fits a phone: no horizontal scrolling of the page itself
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
