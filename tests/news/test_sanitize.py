"""Hostile HTML in an article body never reaches a reader."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from news.sanitize import clean_html, image_ids
from tests.profiles import examples

from .factories import ArticleFactory

HOSTILE = [
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ('<p onclick="steal()" onmouseover="x()">ok</p>', "<p>ok</p>"),
    ('<img src="/news/images/1/" onerror="alert(1)">', '<img src="/news/images/1/">'),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    (
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<a rel="noopener noreferrer nofollow">x</a>',
    ),
    ('<a href="vbscript:msgbox(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<a href=" javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<img src="/news/images/1/?x=1">', ""),
    ('<video src="https://evil.example/v.mp4"></video>ok', "ok"),
    ('<a href="//evil.example/x">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
    ('<object data="x.swf"></object><embed src="x.swf">ok', "ok"),
    ('<p style="width: expression(alert(1))">ok</p>', "<p>ok</p>"),
    ("<style>body{background:url(javascript:alert(1))}</style>ok", "ok"),
    ('<img src="https://evil.example/track.gif">', ""),
    ('<img src="data:image/png;base64,AAAA">', ""),
    ('<img src="/news/images/1/x">', ""),
    ('<svg onload="alert(1)"><circle/></svg>ok', "ok"),
    ('<form action="/x"><input name="p"></form>ok', "ok"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">ok', "ok"),
    ('<base href="https://evil.example/">ok', "ok"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">ok', "ok"),
    ("<!-- <script>x</script> -->ok", "ok"),
    ('<p class="x" id="y">ok</p>', "<p>ok</p>"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("dirty,clean", HOSTILE)
def test_hostile_html_is_stripped(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.django_db
def test_ordinary_rich_text_survives():
    html = (
        "<h2>小标题</h2><p><strong>加粗</strong><em>斜体</em></p><ul><li>一</li></ul>"
        '<figure><img src="/news/images/7/" alt="现场"><figcaption>说明</figcaption></figure>'
        '<p><a href="https://www.gov.cn/">链接</a></p><table><tr><td colspan="2">表</td></tr></table>'
    )
    cleaned = clean_html(html)
    for fragment in ("<h2>", "<strong>", '<img src="/news/images/7/" alt="现场">', "colspan"):
        assert fragment in cleaned
    assert 'href="https://www.gov.cn/"' in cleaned and "nofollow" in cleaned
    assert image_ids(cleaned) == {7}


@pytest.mark.django_db
@settings(max_examples=examples(150))
@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "</script>",
                "<img src=x onerror=alert(1)>",
                "<iframe src=//e>",
                "<a href='javascript:x'>",
                "<p onclick=x>",
                "<svg/onload=x>",
                "\"'><",
                "<style>",
                "<p>",
                "</p>",
                "text",
                "javascript:",
                "<!--",
                "-->",
                '<img src="/news/images/1/">',
            ]
        )
        | st.text(max_size=20)
    )
)
def test_no_fuzzed_input_keeps_a_live_hazard(parts):
    cleaned = clean_html("".join(parts)).lower()
    assert "<script" not in cleaned and "<iframe" not in cleaned and "<svg" not in cleaned
    assert 'href="javascript' not in cleaned
    for tag in cleaned.split("<")[1:]:
        head = tag.split(">")[0]
        assert "onerror" not in head and "onclick" not in head and "onload" not in head


@pytest.mark.django_db
def test_article_page_renders_only_the_clean_body(client, staff):
    from news import services

    article = ArticleFactory(status="draft", publish_at=None)
    services.save_article(
        actor=staff,
        article=article,
        data={
            "body": '<p>正文</p><script>alert("x")</script><img src=x onerror=alert(2)>'
            '<iframe src="https://evil.example"></iframe><a href="javascript:alert(3)">链</a>'
            '<p style="background:expression(alert(4))">样式</p>'
        },
    )
    services.publish_article(actor=staff, article=article)
    content = client.get(reverse("news:public_article", args=[article.pk])).content.decode()
    body = content.split('class="news-body">', 1)[1].split("</div>", 1)[0]
    assert "正文" in body and "样式" in body
    for bad in ("<script", "onerror", "<iframe", "javascript:", "expression", "style="):
        assert bad not in body


@pytest.mark.django_db
def test_a_body_written_around_the_service_is_still_cleaned_on_display(client):
    article = ArticleFactory(
        body="<p>正文</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    content = client.get(reverse("news:public_article", args=[article.pk])).content.decode()
    body = content.split('class="news-body">', 1)[1].split("</div>", 1)[0]
    assert body == "<p>正文</p>"
