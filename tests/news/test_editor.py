"""The rich-text editor of news and notices (issue 24): what it sends survives the allowlist,
its picture button uploads through the checked path (JSON), and paragraphs survive the
save → display round trip, with or without the editor."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news import services
from news.forms import ArticleForm, NoticeForm
from news.models import Article, Notice
from news.sanitize import as_html, clean_html

from .factories import ArticleFactory, CategoryFactory, png_upload
from .test_views import ALL, STAFF

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}

# What Quill's getSemanticHTML() writes for each format of the toolbar.
EDITOR_OUTPUT = (
    "<h2>一、总体情况</h2><h3>（一）调研</h3><p>第一段<strong>加粗</strong><em>倾斜</em>"
    "<u>下划线</u></p><p><br></p><p>第二段</p><ol><li>一</li><li>二</li></ol>"
    "<ul><li>甲</li><li>乙</li></ul><blockquote>引文</blockquote>"
    '<p><a href="https://www.gov.cn/" rel="noopener noreferrer" target="_blank">链接</a></p>'
    '<p><img src="/news/images/{pk}/"></p>'
)


def test_the_editor_formats_survive_the_allowlist():
    cleaned = clean_html(EDITOR_OUTPUT.format(pk=7), allowed_images={7})
    for kept in (
        "<h2>一、总体情况</h2>", "<h3>（一）调研</h3>", "<strong>加粗</strong>", "<em>倾斜</em>",
        "<u>下划线</u>", "<p>第二段</p>", "<p><br></p>", "<ol><li>一</li><li>二</li></ol>",
        "<ul><li>甲</li><li>乙</li></ul>", "<blockquote>引文</blockquote>",
        'href="https://www.gov.cn/"', '<img src="/news/images/7/">',
    ):  # fmt: skip
        assert kept in cleaned
    assert "target=" not in cleaned and "nofollow" in cleaned


@pytest.mark.parametrize(
    "dirty",
    [
        '<p>段</p><img src="/news/images/7/" onerror="alert(1)">',
        '<p onclick="x()">段</p><script>alert(1)</script>',
        '<p>段</p><img src="https://evil.example/x.png">',
        '<p>段</p><img src="/news/images/8/">',  # another article's picture
        '<p>段</p><a href="javascript:alert(1)">x</a>',
        '<p style="position:fixed">段</p><iframe src="/"></iframe>',
    ],
)
def test_what_the_editor_must_not_keep_is_removed(dirty):
    cleaned = clean_html(dirty, allowed_images={7})
    assert "<p>段</p>" in cleaned
    for bad in ("onerror", "onclick", "<script", "evil.example", "/news/images/8/", "javascript"):
        assert bad not in cleaned
    assert "style=" not in cleaned and "<iframe" not in cleaned


def test_plain_text_keeps_its_paragraphs_and_line_breaks():
    text = "各位委员：\n定于下周召开会议。\n\n  请准时参加。\r\n\r\n\r\n区政协办公室"
    assert as_html(text) == (
        "<p>各位委员：<br>定于下周召开会议。</p><p>请准时参加。</p><p>区政协办公室</p>"
    )
    assert as_html("a < b & c") == "<p>a &lt; b &amp; c</p>"
    assert as_html("<p>已是网页</p>") == "<p>已是网页</p>"
    assert clean_html("第一段\n\n<第二段>") == "<p>第一段</p><p>&lt;第二段&gt;</p>"


def test_an_article_typed_without_the_editor_keeps_its_paragraphs(client, staff):
    article = services.save_article(
        actor=staff,
        data={"title": "动态", "category": CategoryFactory(), "body": "第一段。\n\n第二段。"},
    )
    assert article.body == "<p>第一段。</p><p>第二段。</p>"
    services.publish_article(actor=staff, article=article)
    page = client.get(reverse("news:public_article", args=[article.pk])).content.decode()
    assert "<p>第一段。</p><p>第二段。</p>" in page


def test_an_old_plain_text_row_is_shown_in_paragraphs(client):
    article = ArticleFactory(body="第一段。\n\n第二段。")
    page = client.get(reverse("news:public_article", args=[article.pk])).content.decode()
    assert "<p>第一段。</p><p>第二段。</p>" in page
    form = ArticleForm(instance=article)
    assert "&lt;p&gt;第一段。&lt;/p&gt;&lt;p&gt;第二段。&lt;/p&gt;" in str(form["body"])


def test_the_article_form_offers_the_editor_and_its_upload_address(staff):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    html = str(ArticleForm(instance=article)["body"])
    assert "data-rich-editor" in html
    assert f'data-upload-url="{reverse("news:image_upload", args=[article.pk])}"' in html
    words = html.split('data-editor-words="', 1)[1].split('"', 1)[0]
    assert json.loads(words.replace("&quot;", '"'))["image"] == "插入图片"
    # a new article has nowhere to keep pictures yet; a notice has no picture button at all
    assert 'data-upload-url=""' in str(ArticleForm()["body"])
    notice_html = str(NoticeForm()["body"])
    assert "data-rich-editor" in notice_html and "data-upload-url" not in notice_html


def test_a_notice_body_is_cleaned_and_shown_as_rich_text(client_for, staff, econ_members):
    notice = services.save_notice(
        actor=staff,
        data={
            "title": "通知",
            "body": "<p>各位委员：</p><p><br></p><p>请<strong>准时</strong>参加。</p>"
            '<script>alert(1)</script><img src="/news/images/1/">',
            "audience": Notice.Audience.ALL,
        },
    )
    assert notice.body == "<p>各位委员：</p><p><br></p><p>请<strong>准时</strong>参加。</p>"
    services.publish_notice(actor=staff, notice=notice)
    page = client_for(econ_members[0]).get(reverse("news:notice", args=[notice.pk]))
    assert "<p>请<strong>准时</strong>参加。</p>" in page.content.decode()


def test_a_notice_that_is_only_a_script_is_refused_next_to_the_field(client_for, staff):
    response = client_for(staff).post(
        reverse("news:notice_new"),
        {"title": "通知", "body": "<script>alert(1)</script>", "audience": "all"},
    )
    assert response.status_code == 200
    assert not Notice.objects.exists()
    assert "此字段不能为空" in response.content.decode()


# --- The editor's picture button: the upload answers in JSON --------------------------------


@pytest.fixture
def draft():
    return ArticleFactory(status=Article.Status.DRAFT, publish_at=None)


def test_the_picture_button_gets_the_address_of_the_stored_picture(client_for, staff, draft):
    response = client_for(staff).post(
        reverse("news:image_upload", args=[draft.pk]), {"image": png_upload()}, **JSON
    )
    assert response.status_code == 200
    image = draft.images.get()
    assert response.json() == {"id": image.pk, "url": f"/news/images/{image.pk}/"}
    # the address is one the allowlist keeps in this article's body
    saved = services.save_article(
        actor=staff,
        article=draft,
        data={"body": f'<p>图</p><p><img src="{image.get_absolute_url()}"></p>'},
    )
    assert f'<img src="{image.get_absolute_url()}">' in saved.body


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png"),
        SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        None,
    ],
    ids=["not-a-picture", "program", "nothing"],
)
def test_a_refused_picture_is_told_in_chinese(client_for, staff, draft, upload):
    data = {"image": upload} if upload else {}
    response = client_for(staff).post(reverse("news:image_upload", args=[draft.pk]), data, **JSON)
    assert response.status_code == 400
    error = response.json()["error"]
    assert any("\u4e00" <= c <= "\u9fff" for c in error)  # told in words, not a code
    assert not draft.images.exists()


@pytest.mark.parametrize("role", ALL)
def test_only_staff_upload_pictures_from_the_editor(client_for, role_users, role, draft):
    response = client_for(role_users[role]).post(
        reverse("news:image_upload", args=[draft.pk]), {"image": png_upload()}, **JSON
    )
    assert response.status_code == (200 if role in STAFF else 403)
    assert draft.images.exists() == (role in STAFF)


def test_anonymous_uploads_nothing(client, draft):
    response = client.post(
        reverse("news:image_upload", args=[draft.pk]), {"image": png_upload()}, **JSON
    )
    assert response.status_code == 302 and not draft.images.exists()


def test_a_picture_is_public_once_its_article_is_published(client, client_for, staff, draft):
    client_for(staff).post(
        reverse("news:image_upload", args=[draft.pk]), {"image": png_upload()}, **JSON
    )
    client.logout()
    image = draft.images.get()
    url = reverse("news:public_image", args=[image.pk])
    assert client.get(url).status_code == 404
    services.publish_article(actor=staff, article=draft)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    members_only = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    hidden = services.add_article_image(actor=staff, article=members_only, upload=png_upload())
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_the_api_reads_a_rich_notice_as_plain_text(staff):
    from news.sanitize import as_text

    notice = services.save_notice(
        actor=staff,
        data={
            "title": "通知",
            "body": "<p>各位委员：</p><p><br></p><p>请<strong>准时</strong>参加&amp;回执。</p>"
            "<ul><li>时间</li><li>地点</li></ul>",
            "audience": Notice.Audience.ALL,
        },
    )
    assert notice.body_text == "各位委员：\n\n请准时参加&回执。\n时间\n地点"
    assert as_text("第一段\n\n第二段") == "第一段\n\n第二段"
