"""Hostile input into every news form and post: a form error or a refusal, never a 500, never
echoed unescaped; hostile HTML in an article body is cleaned before anyone reads it
(see tests/badinput.py)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from news import services
from news.models import Article, Notice, NoticeRecipient
from tests.badinput import HOSTILE, SCRIPT, assert_safe, assert_survives_bad_input

from .factories import ArticleFactory, CategoryFactory, pdf_upload

pytestmark = pytest.mark.django_db

HOSTILE_HTML = [
    SCRIPT,
    '<p>x</p><img src=x onerror=alert(1)><img src="/news/images/99999/">',
    '<a href="javascript:alert(1)">a</a><a href="//evil.example/">b</a>',
    "<svg onload=alert(1)><iframe src=//evil.example></iframe><style>*{}</style>",
    '<p style="x" onclick="alert(1)">正文</p><scr<script>ipt>alert(1)</script>',
    "<table><tr><td colspan=99999999999999>x</td></tr></table><object data=x></object>",
    "&lt;script&gt;alert(1)&lt;/script&gt;<!-- <script> -->",
]


@pytest.fixture
def staff_client(client_for, staff):
    return client_for(staff)


@pytest.fixture
def category(db):
    return CategoryFactory()


def _no_script_stored():
    for article in Article.objects.all():
        lowered = article.body.lower()
        assert "<script" not in lowered and "onerror" not in lowered, article.body
        assert not re.search(r"=\s*[\"']?\s*javascript:", lowered), article.body
        assert "<iframe" not in lowered and "<svg" not in lowered, article.body


def _read_everywhere(staff_client, member_client, articles):
    """The staff preview, the member's view and the public page of each article."""
    anonymous = Client()
    for article in articles:
        url = reverse("news:public_article", args=[article.pk])
        assert_safe(staff_client.get(url))
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(minutes=1)
        )
        assert_safe(member_client.get(url))
        assert_safe(anonymous.get(url))
    assert_safe(member_client.get(reverse("news:public")))
    assert_safe(anonymous.get(reverse("news:public")))
    assert_safe(staff_client.get(reverse("news:article_manage")))


# --- Filters (GET) ---------------------------------------------------------------------------


def test_article_filter(client, member_user, category):
    ArticleFactory(category=category)
    fields = ["q", "category", "page"]
    assert_survives_bad_input(Client(), reverse("news:public"), fields, method="get")
    client.force_login(member_user)
    assert_survives_bad_input(client, reverse("news:public"), fields, method="get", max_examples=10)


def test_article_manage_filter(staff_client, category):
    ArticleFactory(category=category)
    assert_survives_bad_input(
        staff_client,
        reverse("news:article_manage"),
        ["q", "category", "state", "page"],
        method="get",
        max_examples=15,
    )


def test_notice_filters(client_for, staff, econ_members):
    notice = services.save_notice(
        actor=staff, data={"title": "通知", "body": "请参加。", "audience": Notice.Audience.ALL}
    )
    services.publish_notice(actor=staff, notice=notice)
    assert_survives_bad_input(
        client_for(econ_members[0]),
        reverse("news:notices"),
        ["q", "pending", "page"],
        method="get",
        max_examples=10,
    )
    client = client_for(staff)
    assert_survives_bad_input(
        client,
        reverse("news:notice_manage"),
        ["q", "status", "page"],
        method="get",
        max_examples=10,
    )
    assert_survives_bad_input(
        client,
        reverse("news:notice_track", args=[notice.pk]),
        ["show", "page"],
        method="get",
        max_examples=10,
    )


# --- Writing articles ------------------------------------------------------------------------


def test_article_form(staff_client, client_for, member_user, category):
    url = reverse("news:article_new")
    valid = {
        "title": "委员视察",
        "summary": "",
        "category": category.pk,
        "visibility": "members",
        "byline": "区政协办公室",
        "body": "<p>正文</p>",
    }
    assert_survives_bad_input(
        staff_client, url, list(valid), file_fields=["cover_upload"], max_examples=15
    )
    for fields in (["title", "summary", "byline"], ["category", "visibility"]):
        others = {k: v for k, v in valid.items() if k not in fields}
        assert_survives_bad_input(staff_client, url, fields, extra=others, max_examples=5)
    _no_script_stored()
    for article in Article.objects.all():
        assert article.category_id == category.pk and article.visibility in ("public", "members")
        assert len(article.title) <= 200 and len(article.byline) <= 60
        if article.cover:
            assert article.cover.name.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp"))
    assert Article.objects.filter(title__contains="<script>").exists()
    _read_everywhere(staff_client, client_for(member_user), Article.objects.all()[:30])


def test_article_body_is_cleaned_for_every_reader(staff_client, client_for, member_user, category):
    url = reverse("news:article_new")
    extra = {"title": "动态", "category": category.pk, "visibility": "public"}
    for i, body in enumerate(HOSTILE_HTML + HOSTILE):
        response = staff_client.post(url, {**extra, "title": f"动态{i}", "body": body})
        assert_safe(response)
    assert_survives_bad_input(staff_client, url, ["body"], extra=extra, max_examples=15)
    _no_script_stored()
    articles = list(Article.objects.filter(title__startswith="动态"))
    assert len(articles) > len(HOSTILE_HTML)
    _read_everywhere(staff_client, client_for(member_user), articles)
    # an article written before the cleaning (another path wrote the row) is cleaned on the way out
    raw = ArticleFactory(category=category, body=HOSTILE_HTML[1] + SCRIPT)
    assert_safe(Client().get(raw.get_absolute_url()))


def test_article_edit_form(staff_client, category):
    article = ArticleFactory(category=category, status=Article.Status.DRAFT, publish_at=None)
    url = reverse("news:article_edit", args=[article.pk])
    valid = {"title": "委员视察", "category": category.pk, "visibility": "public"}
    assert_survives_bad_input(
        staff_client,
        url,
        ["body", "summary", "cover_clear"],
        extra=valid,
        file_fields=["cover_upload"],
        max_examples=10,
    )
    _no_script_stored()
    assert_safe(staff_client.get(url))


def test_publish_form(staff_client, category):
    article = ArticleFactory(category=category, status=Article.Status.DRAFT, publish_at=None)
    url = reverse("news:article_publish", args=[article.pk])

    def back_to_draft(response):
        article.refresh_from_db()
        if article.status == Article.Status.PUBLISHED:
            assert article.publish_at > timezone.now() - timedelta(minutes=10)
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, publish_at=None)

    assert_survives_bad_input(staff_client, url, ["publish_at"], after=back_to_draft)
    for when in ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00", "1900-01-01 25:61"]:
        assert_safe(staff_client.post(url, {"publish_at": when}, follow=True))
        back_to_draft(None)


def test_image_upload_form(staff_client, category):
    article = ArticleFactory(category=category, status=Article.Status.DRAFT, publish_at=None)
    url = reverse("news:image_upload", args=[article.pk])
    assert_survives_bad_input(staff_client, url, [], file_fields=["image"], max_examples=15)
    assert_survives_bad_input(staff_client, url, ["image"], max_examples=5)  # text, not a file
    assert article.images.count() == 0  # none of the hostile files is a picture
    assert_safe(staff_client.get(reverse("news:article_edit", args=[article.pk])))


# --- Notices -----------------------------------------------------------------------------------


def test_notice_form(staff_client, client_for, staff, committees, econ_members):
    url = reverse("news:notice_new")
    valid = {
        "title": "关于视察的通知",
        "body": "请参加。",
        "audience": "committee",
        "sector": "",
        "committee": committees[0].pk,
        "reply_by": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "receipt_label": "确认参加",
        "chosen": "",
    }
    assert_survives_bad_input(
        staff_client, url, list(valid), file_fields=["attachment_upload"], max_examples=15
    )
    # (a body that is only a script is empty once cleaned, and refused next to the field)
    groups = (
        ["title"],
        ["title", "body", "receipt_label"],
        ["audience"],
        ["committee", "reply_by"],
    )
    for fields in groups:
        others = {k: v for k, v in valid.items() if k not in fields}
        assert_survives_bad_input(staff_client, url, fields, extra=others, max_examples=5)
    chosen = {**valid, "audience": "chosen", "committee": ""}
    assert_survives_bad_input(staff_client, url, ["chosen"], extra=chosen, max_examples=10)
    for notice in Notice.objects.all():
        assert notice.reply_by is None or notice.reply_by >= timezone.localdate()
        if notice.attachment:
            assert not notice.attachment_name.lower().endswith((".exe", ".html"))
        if notice.audience == Notice.Audience.CHOSEN:
            assert notice.chosen_members.exists()
        assert_safe(staff_client.get(reverse("news:notice_track", args=[notice.pk])))
    assert Notice.objects.filter(title__contains="<script>").exists()
    assert_safe(staff_client.get(reverse("news:notice_manage")))
    # publishing what was stored (reply dates up to 9999-12-31 included) is never a 500
    for notice in Notice.objects.all()[:25]:
        assert_safe(staff_client.post(reverse("news:notice_publish", args=[notice.pk])))
        assert_safe(client_for(econ_members[0]).get(reverse("news:notice", args=[notice.pk])))
        client_for(staff)
    assert Notice.objects.filter(status=Notice.Status.PUBLISHED).exists()
    assert_safe(client_for(econ_members[0]).get(reverse("home")))
    assert_safe(client_for(econ_members[0]).get(reverse("notifications:list")))


@pytest.mark.parametrize("reply_by", ["9999-12-31", "2999-01-01"])
def test_a_far_reply_date_is_published_and_reminded(
    client_for, staff, committees, econ_members, reply_by
):
    client = client_for(staff)
    data = {"title": "通知", "body": "请参加。", "audience": "all", "reply_by": reply_by}
    response = client.post(reverse("news:notice_new"), data)
    assert_safe(response)
    notice = Notice.objects.filter(title="通知").first()
    if notice is not None:
        assert_safe(client.post(reverse("news:notice_publish", args=[notice.pk]), follow=True))
        assert_safe(client.post(reverse("news:notice_remind", args=[notice.pk]), follow=True))
        assert_safe(client.get(reverse("notifications:deadlines")))
        notice.refresh_from_db()
        assert notice.status == Notice.Status.PUBLISHED
        from cppcc_portal.notifications.reminders import scan

        scan()  # the daily deadline scan copes with a reply date at the end of the calendar


def test_published_hostile_notice_is_shown_escaped(client_for, staff, econ_members):
    client = client_for(staff)
    for value in [SCRIPT, '"><img src=x onerror=alert(1)>']:
        notice = services.save_notice(
            actor=staff,
            data={
                "title": value,
                "body": f"{value}请参加。",
                "audience": Notice.Audience.ALL,
                "receipt_label": value,
                "reply_by": timezone.localdate() + timedelta(days=1),
            },
        )
        services.publish_notice(actor=staff, notice=notice)
        assert_safe(client.get(reverse("news:notice_track", args=[notice.pk])))
    member = client_for(econ_members[0])
    assert_safe(member.get(reverse("news:notices")))
    for notice in Notice.objects.all():
        assert_safe(member.get(reverse("news:notice", args=[notice.pk])))
    assert_safe(member.get(reverse("home")))


def test_notice_edit_form(staff_client, staff):
    notice = services.save_notice(
        actor=staff, data={"title": "通知", "body": "请参加。", "audience": Notice.Audience.ALL}
    )
    url = reverse("news:notice_edit", args=[notice.pk])
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "attachment_clear", "chosen"],
        extra={"body": "请参加。", "audience": "all"},
        file_fields=["attachment_upload"],
        max_examples=10,
    )
    assert_safe(staff_client.get(url))


def test_receipt_confirm_and_remind_posts(client_for, staff, committees, econ_members):
    draft = services.save_notice(
        actor=staff,
        data={
            "title": "关于召开经济委员会会议的通知",
            "body": "请按时参加。",
            "audience": Notice.Audience.COMMITTEE,
            "committee": committees[0],
            "reply_by": timezone.localdate() + timedelta(days=3),
        },
        attachment=pdf_upload(),
    )
    notice = services.publish_notice(actor=staff, notice=draft)
    member = client_for(econ_members[0])
    confirm = reverse("news:notice_confirm", args=[notice.pk])
    assert_survives_bad_input(member, confirm, ["next", "confirm", "pk"], max_examples=10)
    row = NoticeRecipient.objects.get(notice=notice, user=econ_members[0])
    assert row.confirmed_at is not None
    assert NoticeRecipient.objects.filter(confirmed_at__isnull=False).count() == 1
    staff_client = client_for(staff)
    remind = reverse("news:notice_remind", args=[notice.pk])
    assert_survives_bad_input(staff_client, remind, ["next", "n"], max_examples=10)
    notice.refresh_from_db()
    assert notice.last_reminded_at is not None
    publish = reverse("news:notice_publish", args=[notice.pk])
    assert_survives_bad_input(staff_client, publish, ["next"], max_examples=5)
    unpublish = reverse("news:article_unpublish", args=[ArticleFactory().pk])
    assert_survives_bad_input(staff_client, unpublish, ["next"], max_examples=5)


@pytest.mark.parametrize("pk", ["-1", "0", "99999999999999999999", "abc", "%3Cscript%3E"])
def test_news_pages_with_hostile_ids(client_for, role_users, pk):
    client = client_for(role_users[Role.LIAISON_STAFF])
    for path in [
        f"/news/articles/{pk}/",
        f"/news/articles/{pk}/cover/",
        f"/news/images/{pk}/",
        f"/news/notices/{pk}/",
        f"/news/notices/{pk}/attachment/",
        f"/news/manage/articles/{pk}/",
        f"/news/manage/notices/{pk}/",
    ]:
        assert_safe(client.get(path))
    for path in [f"/news/notices/{pk}/confirm/", f"/news/manage/notices/{pk}/remind/"]:
        assert_safe(client.post(path))


HOSTILE_NAMES = [
    SCRIPT + ".pdf",
    '"; filename=evil.exe; x=".pdf',
    "a\r\nSet-Cookie: x=1.pdf",
    "../../../etc/passwd.pdf",
    "%00%0d%0a.pdf",
    "中文名称" * 60 + ".pdf",
    "\u202eevil\u200b.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_attachment_names_are_stored_and_served_safely(
    client_for, staff, econ_members, name
):
    client = client_for(staff)
    upload = pdf_upload(name)
    data = {"title": "通知", "body": "请参加。", "audience": "all", "attachment_upload": upload}
    response = client.post(reverse("news:notice_new"), data)
    assert_safe(response)
    notice = Notice.objects.filter(title="通知").first()
    if notice is None:
        # the raw quote or line break cut the multipart header: the name left is refused
        assert response.status_code == 200 and response.context["form"].errors
        return
    assert notice.attachment and len(notice.attachment_name) <= 200
    assert "/" not in notice.attachment_name and "\n" not in notice.attachment_name
    assert_safe(client.get(reverse("news:notice_track", args=[notice.pk])))
    client.post(reverse("news:notice_publish", args=[notice.pk]))
    member = client_for(econ_members[0])
    assert_safe(member.get(reverse("news:notice", args=[notice.pk])))
    download = member.get(reverse("news:notice_attachment", args=[notice.pk]))
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition
    assert download["Content-Type"] == "application/pdf"
    assert notice.attachment_name.endswith(".pdf")


def test_a_long_attachment_name_keeps_its_extension(client_for, staff):
    """Regression: the name was cut at 200 characters, extension and all, so the file was
    served as application/octet-stream without a .pdf name."""
    client = client_for(staff)
    name = "关于召开会议的通知" * 25 + ".pdf"
    data = {"title": "通知", "body": "请参加。", "audience": "all"}
    client.post(reverse("news:notice_new"), {**data, "attachment_upload": pdf_upload(name)})
    notice = Notice.objects.get(title="通知")
    assert len(notice.attachment_name) == 200 and notice.attachment_name.endswith(".pdf")
    download = client.get(reverse("news:notice_attachment", args=[notice.pk]))
    assert download["Content-Type"] == "application/pdf"
