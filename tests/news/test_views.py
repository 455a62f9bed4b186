"""Every view × every role, the reading and writing flows, and constant query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from news import services
from news.models import Article, Notice, NoticeRecipient

from .factories import ArticleFactory, CategoryFactory, pdf_upload, png_upload

ALL = [*Role.values, "none", "superuser"]
STAFF = {
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    "superuser",
}
READS_MEMBERS_ONLY = STAFF | {Role.MEMBER, Role.LEADER}
OVERSEERS = STAFF | {Role.LEADER}

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(staff):
    public = ArticleFactory(title="公开动态")
    private = ArticleFactory(title="委员动态", visibility=Article.Visibility.MEMBERS)
    draft = ArticleFactory(title="草稿动态", status=Article.Status.DRAFT, publish_at=None)
    scheduled = ArticleFactory(title="定时动态", publish_at=timezone.now() + timedelta(days=1))
    for article in (public, private, draft, scheduled):
        article.cover = png_upload()
        article.save()
        services.add_article_image(actor=staff, article=article, upload=png_upload())
    return {"public": public, "private": private, "draft": draft, "scheduled": scheduled}


@pytest.fixture
def notice(staff, committees, econ_members):
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
    return services.publish_notice(actor=staff, notice=draft)


# --- Articles: reading --------------------------------------------------------------


@pytest.mark.parametrize("role", [*ALL, "anonymous"])
def test_news_index_permissions(client, role_users, role, articles):
    if role != "anonymous":
        client.force_login(role_users[role])
    response = client.get(reverse("news:public"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "公开动态" in content
    assert ("委员动态" in content) == (role in READS_MEMBERS_ONLY)
    assert "草稿动态" not in content and "定时动态" not in content


@pytest.mark.parametrize("role", [*ALL, "anonymous"])
@pytest.mark.parametrize("which", ["public", "private", "draft", "scheduled"])
@pytest.mark.parametrize("view", ["news:public_article", "news:public_cover", "image"])
def test_article_detail_cover_and_image_permissions(
    client, role_users, role, articles, which, view
):
    if role != "anonymous":
        client.force_login(role_users[role])
    article = articles[which]
    if view == "image":
        url = reverse("news:public_image", args=[article.images.get().pk])
    else:
        url = reverse(view, args=[article.pk])
    allowed = {
        "public": True,
        "private": role in READS_MEMBERS_ONLY,
        "draft": role in STAFF,
        "scheduled": role in STAFF,
    }[which]
    response = client.get(url)
    assert response.status_code == (200 if allowed else 404)
    if allowed and view != "news:public_article":
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"


def test_search_and_category_filter(client, member_user):
    meeting = CategoryFactory(name="会议")
    visit = CategoryFactory(name="视察调研")
    ArticleFactory(title="常委会会议召开", category=meeting)
    ArticleFactory(title="委员视察农村", category=visit)
    client.force_login(member_user)
    page = client.get(reverse("news:public"), {"q": "视察"}).context["page"]
    assert [a.title for a in page] == ["委员视察农村"]
    page = client.get(reverse("news:public"), {"category": meeting.pk}).context["page"]
    assert [a.title for a in page] == ["常委会会议召开"]


def test_reading_marks_unread_and_works_without_js(client, member_user):
    article = ArticleFactory(title="新动态")
    client.force_login(member_user)
    assert 'class="news-item is-unread"' in client.get(reverse("news:public")).content.decode()
    content = client.get(reverse("news:public_article", args=[article.pk])).content.decode()
    assert "<script>" not in content.split("</article>")[0]  # reading needs no script
    assert "is-unread" not in client.get(reverse("news:public")).content.decode()


# --- Articles: writing ---------------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_article_manage_pages_permissions(client_for, role_users, role, articles):
    client = client_for(role_users[role])
    expected = 200 if role in STAFF else 403
    assert client.get(reverse("news:article_manage")).status_code == expected
    assert client.get(reverse("news:article_new")).status_code == expected
    draft = articles["draft"]
    assert client.get(reverse("news:article_edit", args=[draft.pk])).status_code == expected


@pytest.mark.parametrize("role", ALL)
def test_article_actions_permissions(client_for, role_users, role, articles):
    client = client_for(role_users[role])
    draft = articles["draft"]
    expected = 302 if role in STAFF else 403
    response = client.post(reverse("news:image_upload", args=[draft.pk]), {"image": png_upload()})
    assert response.status_code == expected
    response = client.post(reverse("news:article_publish", args=[draft.pk]), {"publish_at": ""})
    assert response.status_code == expected
    response = client.post(reverse("news:article_unpublish", args=[draft.pk]))
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.status == "draft"  # published, then back to draft (staff) or untouched


def test_anonymous_is_sent_to_login_for_member_pages(client, articles, notice):
    for url in (
        reverse("news:notices"),
        reverse("news:notice", args=[notice.pk]),
        reverse("news:article_manage"),
        reverse("news:notice_manage"),
        reverse("news:notice_attachment", args=[notice.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_write_preview_schedule_publish(client_for, staff):
    client = client_for(staff)
    category = CategoryFactory()
    response = client.post(
        reverse("news:article_new"),
        {
            "title": "委员视察",
            "category": category.pk,
            "visibility": "public",
            "body": "<p>正文</p><script>x()</script>",
            "cover_upload": png_upload(),
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="委员视察")
    assert article.body == "<p>正文</p>" and article.cover and article.state == "draft"
    client.post(reverse("news:image_upload", args=[article.pk]), {"image": png_upload()})
    image = article.images.get()
    preview = client.get(reverse("news:public_article", args=[article.pk]))
    assert preview.status_code == 200 and "预览" in preview.content.decode()
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("news:article_publish", args=[article.pk]), {"publish_at": when})
    article.refresh_from_db()
    assert article.state == "scheduled"
    client.post(reverse("news:article_unpublish", args=[article.pk]))
    client.post(
        reverse("news:article_edit", args=[article.pk]),
        {
            "title": "委员视察",
            "category": category.pk,
            "visibility": "public",
            "body": f'<p>正文</p><img src="{image.get_absolute_url()}" onerror="x">',
        },
    )
    client.post(reverse("news:article_publish", args=[article.pk]), {"publish_at": ""})
    article.refresh_from_db()
    assert article.state == "published"
    assert article.body == f'<p>正文</p><img src="{image.get_absolute_url()}">'
    client.logout()
    assert client.get(reverse("news:public_image", args=[image.pk])).status_code == 200


def test_a_non_image_upload_is_refused(client_for, staff, articles):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff)
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        reverse("news:image_upload", args=[articles["draft"].pk]), {"image": fake}, follow=True
    )
    assert articles["draft"].images.count() == 1
    assert response.status_code == 200


# --- Notices: reading --------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_notice_list_permissions(client_for, role_users, role, notice):
    response = client_for(role_users[role]).get(reverse("news:notices"))
    assert response.status_code == 200
    shown = notice.title in response.content.decode()
    assert shown == (role in OVERSEERS)  # role_users' member is not in the committee


@pytest.mark.parametrize("role", ALL)
def test_notice_detail_and_attachment_permissions(client_for, role_users, role, notice):
    client = client_for(role_users[role])
    expected = 200 if role in OVERSEERS else 404
    assert client.get(reverse("news:notice", args=[notice.pk])).status_code == expected
    response = client.get(reverse("news:notice_attachment", args=[notice.pk]))
    assert response.status_code == expected
    response = client.post(reverse("news:notice_confirm", args=[notice.pk]))
    assert response.status_code == 404  # none of them was addressed
    assert not NoticeRecipient.objects.filter(notice=notice, confirmed_at__isnull=False).exists()


def test_addressed_member_reads_downloads_and_confirms(client_for, notice, econ_members):
    client = client_for(econ_members[0])
    content = client.get(reverse("news:notices")).content.decode()
    assert notice.title in content and "is-unread" in content
    home = client.get(reverse("home")).content.decode()
    assert notice.title in home and "unread-dot" in home
    content = client.get(reverse("news:notice", args=[notice.pk])).content.decode()
    assert "确认" in content
    response = client.get(reverse("news:notice_attachment", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    client.post(reverse("news:notice_confirm", args=[notice.pk]))
    row = NoticeRecipient.objects.get(notice=notice, user=econ_members[0])
    assert row.read_at and row.confirmed_at
    assert "is-unread" not in client.get(reverse("news:notices")).content.decode()


def test_draft_notice_attachment_only_for_overseers(client_for, staff, econ_members, make_user):
    draft = services.save_notice(
        actor=staff, data={"title": "草稿", "body": "b"}, attachment=pdf_upload()
    )
    url = reverse("news:notice_attachment", args=[draft.pk])
    assert client_for(econ_members[0]).get(url).status_code == 404
    assert client_for(make_user(Role.LEADER)).get(url).status_code == 404  # drafts: staff only
    assert client_for(staff).get(url).status_code == 200


# --- Notices: managing ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_notice_manage_pages_permissions(client_for, role_users, role, notice, staff):
    client = client_for(role_users[role])
    oversee = 200 if role in OVERSEERS else 403
    manage = 200 if role in STAFF else 403
    assert client.get(reverse("news:notice_manage")).status_code == oversee
    assert client.get(reverse("news:notice_track", args=[notice.pk])).status_code == oversee
    assert client.get(reverse("news:notice_new")).status_code == manage
    draft = services.save_notice(actor=staff, data={"title": "草稿", "body": "b"})
    assert client.get(reverse("news:notice_edit", args=[draft.pk])).status_code == manage


@pytest.mark.parametrize("role", ALL)
def test_notice_actions_permissions(client_for, role_users, role, notice, staff):
    client = client_for(role_users[role])
    expected = 302 if role in STAFF else 403
    assert client.post(reverse("news:notice_remind", args=[notice.pk])).status_code == expected
    draft = services.save_notice(actor=staff, data={"title": "草稿", "body": "b"})
    assert client.post(reverse("news:notice_publish", args=[draft.pk])).status_code == expected
    draft.refresh_from_db()
    assert draft.status == ("published" if role in STAFF else "draft")


def test_staff_compose_publish_track_and_remind(client_for, staff, committees, econ_members):
    client = client_for(staff)
    response = client.post(
        reverse("news:notice_new"),
        {
            "title": "关于视察的通知",
            "body": "请参加。",
            "audience": "committee",
            "committee": committees[0].pk,
            "reply_by": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "attachment_upload": pdf_upload(),
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get(title="关于视察的通知")
    assert notice.attachment_name == "议程.pdf"
    client.post(reverse("news:notice_publish", args=[notice.pk]))
    services.confirm_notice(user=econ_members[0], notice=notice)
    content = client.get(reverse("news:notice_track", args=[notice.pk])).content.decode()
    assert "1 / 3" in content or "3 人中 1 人" in content or "1 of 3" in content
    response = client.post(reverse("news:notice_remind", args=[notice.pk]), follow=True)
    assert Notification.objects.filter(kind="news.notice_reminder").count() == 2
    # a published notice cannot be edited any more
    response = client.get(reverse("news:notice_edit", args=[notice.pk]))
    assert response.status_code == 302


def test_compose_form_errors(client_for, staff, econ_members):
    client = client_for(staff)
    response = client.post(
        reverse("news:notice_new"), {"title": "x", "body": "y", "audience": "committee"}
    )
    assert response.status_code == 200 and response.context["form"].errors.get("committee")
    response = client.post(
        reverse("news:notice_new"),
        {"title": "x", "body": "y", "audience": "chosen", "chosen": "不存在的人"},
    )
    assert response.context["form"].errors.get("chosen")
    number = econ_members[1].member.number
    response = client.post(
        reverse("news:notice_new"),
        {"title": "点名通知", "body": "y", "audience": "chosen", "chosen": f"{number}，经济委员0"},
    )
    assert response.status_code == 302
    chosen = Notice.objects.get(title="点名通知").chosen_members.all()
    assert {m.user for m in chosen} == {econ_members[0], econ_members[1]}


# --- Query counts --------------------------------------------------------------------------


def _more_articles(n):
    for i in range(n):
        ArticleFactory(
            title=f"动态{i}",
            cover="news/article/x.png",
            visibility="members" if i % 2 else "public",
        )


def _more_notices(staff, committees, n):
    for i in range(n):
        draft = services.save_notice(
            actor=staff,
            data={
                "title": f"通知{i}",
                "body": "b",
                "audience": "committee",
                "committee": committees[0],
                "reply_by": timezone.localdate() + timedelta(days=3),
            },
        )
        services.publish_notice(actor=staff, notice=draft)


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_reading_pages_query_counts_are_constant(
    client, who, staff, committees, econ_members, django_assert_max_num_queries
):
    user = {"anonymous": None, "member": econ_members[0], "staff": staff}[who]
    if user:
        client.force_login(user)
    urls = [reverse("news:public"), reverse("news:public") + "?q=动态"]
    if user:
        urls += [reverse("news:notices"), reverse("home")]
    # the staff home page carries a work-queue section from every part: 17 queries
    for n in (2, 25):
        _more_articles(n)
        _more_notices(staff, committees, n // 2)
        for url in urls:
            with django_assert_max_num_queries(18):
                assert client.get(url).status_code == 200


def test_detail_and_manage_query_counts_are_constant(
    client_for, staff, committees, econ_members, django_assert_max_num_queries
):
    client = client_for(staff)
    for n in (2, 25):
        _more_articles(n)
        _more_notices(staff, committees, n // 2)
        article = Article.objects.first()
        notice = Notice.objects.first()
        for url in (
            reverse("news:public_article", args=[article.pk]),
            reverse("news:notice", args=[notice.pk]),
            reverse("news:notice_track", args=[notice.pk]),
            reverse("news:notice_manage"),
            reverse("news:article_manage"),
            reverse("news:article_edit", args=[article.pk]),
        ):
            with django_assert_max_num_queries(16):
                assert client.get(url).status_code == 200
