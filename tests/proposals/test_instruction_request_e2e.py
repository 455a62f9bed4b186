"""呈请领导批示 in a browser: staff ask the leader for an instruction on a proposal; the leader,
on a phone, finds it on the home page (and as a menu badge), writes the instruction, and the
request shows as answered on the proposal page. Staff also withdraw a second request after
confirming."""

from pathlib import Path

import pytest

from cppcc_portal.accounts.roles import Role
from proposals.models import InstructionRequest
from tests.browser import click_and_wait

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_staff_ask_the_leader_answers(
    browser, live_server, login_page, phone_page, registered, staff, leader, make_user
):
    base = live_server.url
    leader.first_name, leader.last_name = "席", "张"
    leader.save()
    other_leader = make_user(Role.LEADER, first_name="席", last_name="李")
    detail = f"{base}/proposals/{registered.pk}/"

    # 1. Staff ask the leader (and a second leader) for an instruction.
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login_page(page, staff)
    for who, note in ((leader, "经费缺口较大，请领导批示。"), (other_leader, "请李主席阅示。")):
        page.goto(detail)
        page.select_option("select[name=ask-leader]", str(who.pk))
        page.fill("textarea[name=ask-note]", note)
        click_and_wait(page, "form[data-action=ask_instruction] button[type=submit]")
    assert page.locator("#instruction-requests [data-state=open]").count() == 2

    # 2. The second request is withdrawn, after confirming.
    page.once("dialog", lambda dialog: dialog.accept())
    req = InstructionRequest.objects.get(leader=other_leader)
    page.locator(f"[data-request='{req.pk}'] form button").click()
    page.wait_for_selector(f"[data-request='{req.pk}'][data-state=withdrawn]")

    # 3. The leader, on a phone, sees it on the home page and in the menu badge.
    phone = phone_page
    login_page(phone, leader)
    phone.goto(f"{base}/")
    box = phone.locator("#instruction-requests-home")
    assert registered.title[:20] in box.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "instruction-requests-leader-home-phone.png"))
    assert "经费缺口较大" in box.inner_text()
    badge = phone.locator("a[href='/proposals/instructions-asked/'] .badge")
    badge.wait_for(state="attached")
    assert badge.text_content().strip() == "1"

    # 4. … opens it, and writes the instruction from the request.
    box.locator("a").first.click()
    phone.wait_for_url(f"**/proposals/{registered.pk}/**")
    alert = phone.locator("#instruction-request")
    assert "经费缺口较大" in alert.inner_text()
    alert.locator("[data-write-instruction]").click()
    phone.fill("textarea[name=instruct-text]", "同意，请区财政局统筹解决。")
    click_and_wait(phone, "form[data-action=instruct] button[type=submit]")
    assert phone.locator("#instruction-request").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto(f"{base}/")
    assert "经费缺口较大" not in phone.locator("#instruction-requests-home").inner_text()

    # 5. Staff see the request answered, with a link to the instruction.
    page.goto(detail)
    answered = page.locator("#instruction-requests [data-state=answered]")
    assert answered.count() == 1
    page.locator("#instruction-requests").screenshot(
        path=str(ARTIFACTS / "instruction-requests-staff.png")
    )
    answered.locator("a").click()
    instruction = InstructionRequest.objects.get(leader=leader).instruction
    assert instruction.text == "同意，请区财政局统筹解决。"
    assert "同意，请区财政局统筹解决" in page.locator(f"#instruction-{instruction.pk}").inner_text()
    context.close()
