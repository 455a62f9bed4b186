"""A member on a phone: the duty page, the five ones, a record's source, the self-report."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from members import services
from members.models import DutyKind, SelfReport
from tests.browser import open_menu

from .factories import add_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_walks_through_duty_page_five_ones_and_self_report(
    live_server, phone_page, login_page, member_user, make_user
):
    member = member_user.member
    today = timezone.localdate()
    staff = make_user(Role.LIAISON_STAFF)
    training = services.create_training(
        actor=staff, title="新任委员履职培训", held_on=today - timedelta(days=2)
    )
    services.record_training_attendance(actor=staff, training=training, members=[member])
    add_record(member, DutyKind.PROPOSAL_FIRST, day=today)  # 15
    add_record(member, DutyKind.CONSULTATION, day=today)  # 5
    add_record(member, DutyKind.STUDY_REFLECTION, day=today)  # 2 (training 2) → 24

    page = login_page(phone_page, member_user)
    # the home page shows this year's points and what is missing
    assert "24" in page.locator("#home-duty").inner_text()
    open_menu(page)
    page.click("nav >> text=我的履职")
    page.wait_for_url(f"{live_server.url}/members/duty/")

    assert page.locator("#duty-total").inner_text() == "24"
    assert page.locator("#duty-band").inner_text() == "需约谈"
    five = page.locator("#five-ones li")
    assert five.count() == 5
    assert page.locator("#five-ones li[data-met='1']").count() == 3
    missing = page.locator("#five-ones li[data-met='0']").all_inner_texts()
    assert any("一次调研活动" in t for t in missing) and any("一件民生实事" in t for t in missing)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # every record is listed; the training links to its page
    assert page.locator("#duty-records li").count() == 4
    page.click("#duty-records >> text=新任委员履职培训")
    page.wait_for_url(f"{live_server.url}/members/study/trainings/{training.pk}/")
    assert page.locator("text=您已出席").is_visible()
    page.go_back()

    # the self-report: save a draft, then submit (confirming), after which it is final
    page.locator("#self-report textarea").fill("本年度参加协商活动，提交提案一件，认真参加培训。")
    page.click("#self-report button[name=save]")
    page.wait_for_url(f"{live_server.url}/members/duty/**")
    assert page.locator(".alert-success").inner_text().strip().startswith("述职报告已保存")
    assert "认真参加培训" in page.locator("#self-report textarea").input_value()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#self-report button[name=submit]")
    page.wait_for_selector("#self-report-text")
    assert "认真参加培训" in page.locator("#self-report-text").inner_text()
    assert page.locator("#self-report textarea").count() == 0
    report = SelfReport.objects.get(member=member)
    assert report.state == SelfReport.State.SUBMITTED


def test_leader_reads_the_ranking_on_a_phone(live_server, phone_page, login_page, make_user, term):
    from members.models import Sector
    from tests.factories import MemberFactory, SectorFactory

    leader = make_user(Role.LEADER)
    long_sector = Sector.objects.create(name="社会福利和社会保障界", order=99)
    top = MemberFactory(name="排名第一", sector=long_sector)
    second = MemberFactory(name="排名第二", sector=SectorFactory())
    add_record(top, DutyKind.PROPOSAL_FIRST, day=timezone.localdate())
    add_record(second, DutyKind.SPEECH, day=timezone.localdate())

    page = login_page(phone_page, leader)
    page.goto(f"{live_server.url}/members/duty/ranking/")
    names = page.locator("#ranking tbody tr td:nth-child(2) a").all_inner_texts()
    assert names[:2] == ["排名第一", "排名第二"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.select_option("#id_sector", str(long_sector.pk))
    page.click("form.filter-form button[type=submit]")
    page.wait_for_url("**sector=*")
    assert page.locator("#ranking tbody tr").count() == 1
    assert not page.locator("#ranking form").count()  # leaders read only: no nominate button
