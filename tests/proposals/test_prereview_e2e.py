"""Issue 22's journey for the pre-review, on a 375 px phone: the member writes a draft, sees
the pre-review's findings, fixes them, sees it pass, and submits."""

import pytest

from proposals.models import Proposal, ProposalCategory
from tests.browser import click_and_wait

from .test_prereview import GOOD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_writes_sees_findings_fixes_them_and_submits(
    browser, live_server, login_page, member_user, session
):
    ProposalCategory.objects.get_or_create(name="社会建设", defaults={"order": 3})
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = login_page(context.new_page(), member_user)
    page.goto(f"{live_server.url}/proposals/new/")
    page.fill("#id_title", "关于加装电梯改造和课后托管服务的建议")
    page.select_option("#id_category", label="社会建设")
    page.fill("#id_analysis", "老旧小区没有电梯，老人上下楼难。")
    page.fill("#id_suggestions", "建议有关方面高度重视。")
    page.click("#proposal-form button[type=submit]")
    page.wait_for_url("**/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # the pre-review loads with the page: each finding says where and why, in Chinese
    panel = page.locator("#prereview [data-prereview]")
    panel.wait_for()
    for rule in ("one_matter", "too_short", "vague"):
        assert page.locator(f"#prereview [data-finding={rule}]").count() >= 1, rule
    assert "一事一案" in panel.inner_text() and "高度重视" in panel.inner_text()
    assert "不影响保存和提交" in panel.inner_text()

    # the member fixes the draft and asks again with the 预审 button
    page.fill("#id_title", GOOD["title"])
    page.fill("#id_analysis", GOOD["analysis"])
    page.fill("#id_suggestions", GOOD["suggestions"])
    page.click("#prereview-button")
    page.wait_for_selector("#prereview [data-prereview-passed]")
    assert page.locator("#prereview [data-finding]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    click_and_wait(page, "#proposal-form button[type=submit]")

    # and submits it
    click_and_wait(page, "form[data-action=submit] button[type=submit]")
    p = Proposal.objects.get()
    assert p.status == "submitted" and p.title == GOOD["title"]
    assert p.suggestions == GOOD["suggestions"]
    context.close()
