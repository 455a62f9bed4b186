"""The issue's journey: a committee notice with a receipt, read and confirmed on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from news.models import Notice, NoticeRecipient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    return context, context.new_page()


def _fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_committee_notice_with_receipt(
    live_server, browser, page, phone_page, login_page, staff, committees, econ_members,
    other_member,
):  # fmt: skip
    page.on("dialog", lambda dialog: dialog.accept())
    # Staff write and publish a notice to the economic committee with a receipt date.
    login_page(page, staff)
    page.goto(f"{live_server.url}/news/manage/notices/new/")
    page.fill("input[name=title]", "关于召开经济委员会专题协商会的通知")
    page.locator(".rich-editor .ql-editor").click()
    page.keyboard.type("各位委员：")
    page.keyboard.press("Enter")
    page.keyboard.type("定于下周召开专题协商会，请回执。")
    page.select_option("select[name=audience]", "committee")
    page.select_option("select[name=committee]", str(committees[0].pk))
    reply_by = timezone.localdate() + timedelta(days=3)
    page.fill("input[name=reply_by]", reply_by.isoformat())
    page.fill("input[name=receipt_label]", "确认参会")
    page.click("button:has-text('保存草稿')")
    page.click("button:has-text('发布')")
    page.wait_for_selector("text=通知已发布")
    notice = Notice.objects.get(title__startswith="关于召开经济委员会")
    assert notice.status == "published"
    assert NoticeRecipient.objects.filter(notice=notice).count() == 3

    # A member of that committee sees it on the phone, unread, and confirms.
    member = login_page(phone_page, econ_members[0])
    feed = member.locator("li.is-unread", has_text="专题协商会")
    assert feed.count() >= 1 and feed.first.is_visible()
    assert _fits_the_phone(member)
    feed.first.locator("a").click()
    member.wait_for_selector("h1:has-text('专题协商会')")
    assert _fits_the_phone(member)
    button = member.locator("button:has-text('确认参会')")
    box = button.bounding_box()
    assert box["width"] > 250 and box["height"] >= 44  # easy to tap
    button.click()
    member.wait_for_selector("text=您的回执已记录")
    assert member.locator("text=您已于").is_visible()

    # A member of another committee never sees it: not in the feed, not in the list, 404.
    context, outsider = _phone(browser)
    login_page(outsider, other_member)
    assert outsider.locator("text=专题协商会").count() == 0
    outsider.goto(f"{live_server.url}/news/notices/")
    assert outsider.locator("text=专题协商会").count() == 0
    response = outsider.goto(f"{live_server.url}/news/notices/{notice.pk}/")
    assert response.status == 404
    context.close()

    # Staff see 1 of 3 confirmed and remind the other two.
    page.goto(f"{live_server.url}/news/manage/notices/{notice.pk}/")
    assert page.locator(".receipt-summary").inner_text().strip() == "3 人中 1 人已回执"
    page.click("button:has-text('提醒未响应者')")
    page.wait_for_selector("text=已向 2 名委员发送提醒")
    reminded = Notification.objects.filter(kind="news.notice_reminder", target_id=notice.pk)
    assert {n.recipient_id for n in reminded} == {u.pk for u in econ_members[1:]}


def test_public_news_page_without_login_on_a_phone(live_server, phone_page, staff):
    from news import services

    from .factories import ArticleFactory, png_upload

    article = ArticleFactory(title="委员视察农村人居环境整治", status="draft", publish_at=None)
    image = services.add_article_image(actor=staff, article=article, upload=png_upload())
    services.save_article(
        actor=staff,
        article=article,
        data={
            "body": "<p>" + "委员们深入村庄实地查看。" * 30 + "</p>"
            f'<p><img src="{image.get_absolute_url()}" alt="现场"></p>'
            '<script>document.title="pwned"</script><p onclick="x">尾段</p>'
        },
    )
    services.publish_article(actor=staff, article=article)
    ArticleFactory(title="委员内部动态", visibility="members")
    phone_page.goto(f"{live_server.url}/news/")
    assert phone_page.locator("text=委员视察农村人居环境整治").is_visible()
    assert phone_page.locator("text=委员内部动态").count() == 0
    assert _fits_the_phone(phone_page)
    phone_page.click("text=委员视察农村人居环境整治")
    phone_page.wait_for_selector("h1:has-text('委员视察')")
    assert "pwned" not in phone_page.title()
    assert _fits_the_phone(phone_page)
    # wait for each image to finish (loaded or failed) before judging: a loaded machine is slow
    loaded = phone_page.evaluate(
        """() => Promise.all(Array.from(document.querySelectorAll('.news-body img')).map(
               i => i.complete ? i : new Promise(done => { i.onload = i.onerror = () => done(i); })
           )).then(images => images.length > 0 && images.every(i => i.naturalWidth > 0))"""
    )
    assert loaded
    size = phone_page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.news-body')).fontSize)"
    )
    assert size >= 16
