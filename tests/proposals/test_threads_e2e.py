"""Issue 22's thread journey on a 375 px phone and a 1366 px desk: the handling unit asks a
question in the proposal's thread, attaching a file and mentioning the member; the member is
told, answers, and corrects the answer within ten minutes."""

import pytest

from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.threads.models import ThreadMessage

from .test_threads import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _context(browser, width):
    if width < 500:
        return browser.new_context(
            viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
        )
    return browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")


def _send(page, text, width):
    page.fill("#thread [data-thread-form] textarea[name=body]", text)
    page.click("#thread [data-thread-form] button[type=submit]")
    page.wait_for_selector(f"#thread [data-body]:has-text('{text[:6]}')")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [375, 1366])
def test_unit_asks_in_the_thread_and_the_member_answers(
    browser, live_server, login_page, assigned_alone, liaison, member_user, tmp_path, width
):
    url = f"{live_server.url}/proposals/{assigned_alone.pk}/"
    picture = tmp_path / "现场.png"
    picture.write_bytes(PNG)

    unit_context = _context(browser, width)
    page = login_page(unit_context.new_page(), liaison)
    page.goto(url)
    page.wait_for_selector("#thread [data-thread-form]")
    assert "暂无留言" in page.inner_text("#thread")
    # a mention of someone who may not see the proposal is refused, next to the field, in Chinese
    page.fill("#thread textarea[name=body]", "@nobody-here 请看")
    page.click("#thread [data-thread-form] button[type=submit]")
    page.wait_for_selector("#thread .invalid-feedback")
    assert "没有名为" in page.inner_text("#thread .invalid-feedback")
    page.set_input_files("#thread input[type=file]", str(picture))
    _send(page, f"@{member_user.username} 请问具体是哪个小区？", width)
    assert page.locator("#thread [data-attachment]").inner_text() == "现场.png"
    unit_context.close()

    assert Notification.objects.filter(recipient=member_user, kind="proposal.thread.mention")
    member_context = _context(browser, width)
    page = login_page(member_context.new_page(), member_user)
    page.goto(url)
    page.wait_for_selector("#thread [data-body]:has-text('请问具体')")
    _send(page, "是幸福里小区", width)
    # corrects the answer within ten minutes
    page.click("#thread [data-message]:last-child [data-edit]")
    page.fill("#thread [data-edit-form] textarea", "是幸福里小区三号楼。")
    page.click("#thread [data-edit-form] button[type=submit]")
    page.wait_for_selector("#thread [data-body]:has-text('三号楼')")
    assert "已修改" in page.inner_text("#thread")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    member_context.close()

    bodies = list(ThreadMessage.objects.order_by("id").values_list("body", flat=True))
    assert bodies == [f"@{member_user.username} 请问具体是哪个小区？", "是幸福里小区三号楼。"]
    assert Notification.objects.filter(recipient=liaison, kind="proposal.thread").exists()
