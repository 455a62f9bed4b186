import pytest

from tests.browser import open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_sees_chinese_home_and_logs_out(
    live_server, phone_page, login_page, member_user
):
    page = login_page(phone_page, member_user)
    assert page.locator("h1").inner_text().startswith("欢迎")
    assert page.locator("text=王委员").first.is_visible()
    open_menu(page)
    page.click("#mainnav a.dropdown-toggle")
    page.wait_for_selector("#mainnav .dropdown-menu.show")
    page.click("text=退出登录")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
