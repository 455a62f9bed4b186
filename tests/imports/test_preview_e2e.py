"""Proposal staff at a desktop (1366 px): upload a past session's sheet, read the preview
(every row's outcome, a refused row's column and reason), write the good rows."""

import pytest

from proposals.models import Proposal
from tests.browser import click_and_wait

from .sheets import real_year_rows, workbook_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_previews_and_writes_the_good_rows(
    browser, live_server, login_page, staff, year, media
):
    session, members = year
    rows = real_year_rows(members, count=(2, 3, 5))
    rows[3]["registered_on"] = "2025-02-30"
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = login_page(context.new_page(), staff)
    page.goto(f"{live_server.url}/imports/")
    assert "往届提案" in page.locator("#import-sheets").inner_text()
    page.click("#import-sheets a[href='/imports/proposals/upload/']")
    page.wait_for_url("**/imports/proposals/upload/")
    page.set_input_files(
        "#import-upload input[type=file]",
        files=[
            {
                "name": "二届三次会议提案.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": workbook_bytes(rows),
            }
        ],
    )
    click_and_wait(page, "#import-upload button[type=submit]")
    page.wait_for_url("**/imports/jobs/*/")

    assert page.locator("h1").inner_text() == "预览：往届提案"
    assert page.locator("[data-count=create]").inner_text() == "新建 9"
    assert page.locator("[data-count=refuse]").inner_text() == "拒绝 1"
    assert page.locator("#import-rows tbody tr").count() == 10
    refused = page.locator("#import-rows tr[data-outcome=refuse]")
    assert refused.count() == 1
    text = refused.inner_text()
    assert "5" in text and "“立案日期”列" in text and "“2025-02-30”不是存在的日期" in text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.locator("#mode-all").is_disabled() and page.locator("#mode-good").is_checked()
    assert Proposal.objects.count() == 0
    page.screenshot(path=str(media / "import-preview-1366.png"), full_page=True)

    questions = click_and_wait(page, "#import-confirm button[type=submit]")
    assert questions and "历史数据保留原有日期" in questions[0]
    assert "数据已写入" in page.locator("#import-written").inner_text()
    assert Proposal.objects.count() == 9
    context.close()
