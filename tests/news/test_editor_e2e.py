"""The rich-text editor's journey (issue 24): staff write a news item of two paragraphs with a
picture uploaded from the editor's picture button, publish it, and a reader without an account
sees both paragraphs and the picture — on a 375 px phone and on a 1366 px laptop."""

import io

import pytest
from PIL import Image

from news.models import Article, ArticleImage

from .factories import CategoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST = "区政协召开专题协商会，围绕营商环境建言献策。"
SECOND = "会议指出，要把委员意见转化为具体举措。"
IMAGES_LOADED = """() => Promise.all(Array.from(document.querySelectorAll('.news-body img')).map(
    i => i.complete ? i : new Promise(done => { i.onload = i.onerror = () => done(i); })
)).then(images => images.length > 0 && images.every(i => i.naturalWidth > 0))"""


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, format="PNG")
    return {"name": "现场.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def _fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [375, 1366])
def test_staff_write_a_news_item_with_paragraphs_and_a_picture(
    live_server, browser, login_page, staff, width
):
    category = CategoryFactory(name="协商")
    size = {"width": width, "height": 800 if width > 400 else 740}
    context = browser.new_context(viewport=size, locale="zh-CN", is_mobile=width < 400)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login_page(page, staff)

    page.goto(f"{live_server.url}/news/manage/articles/new/")
    page.fill("input[name=title]", "区政协召开专题协商会")
    page.select_option("select[name=category]", str(category.pk))
    editor = page.locator(".rich-editor .ql-editor")
    assert editor.is_visible() and not page.locator("textarea[name=body]").is_visible()
    assert _fits(page, width)
    # before the first save there is nowhere to keep a picture: the editor says so
    page.click(".rich-editor button.ql-image")
    assert page.locator(".rich-editor-status", has_text="先保存草稿").is_visible()
    editor.click()
    page.keyboard.type(FIRST)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # a blank line between the paragraphs
    page.keyboard.type(SECOND)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url("**/news/manage/articles/*/")
    article = Article.objects.get(title="区政协召开专题协商会")
    assert article.body == f"<p>{FIRST}</p><p><br></p><p>{SECOND}</p>"
    # opened again, the editor shows the same three lines
    assert page.locator(".rich-editor .ql-editor p").count() == 3

    # the picture button uploads through the checked upload path and inserts the picture
    page.locator(".rich-editor .ql-editor p").last.click()
    page.keyboard.press("End")
    with page.expect_file_chooser() as chooser:
        page.click(".rich-editor button.ql-image")
    chooser.value.set_files(_png())
    page.wait_for_selector(".rich-editor .ql-editor img")
    image = ArticleImage.objects.get(article=article)
    assert page.locator(".rich-editor .ql-editor img").get_attribute("src") == (
        image.get_absolute_url()
    )
    assert _fits(page, width)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_selector(".alert-success")
    article.refresh_from_db()
    assert f'<img src="{image.get_absolute_url()}">' in article.body
    assert f"<p>{FIRST}</p>" in article.body

    page.click(f"form[action$='/news/manage/articles/{article.pk}/publish/'] button")
    page.wait_for_selector(".alert-success")
    article.refresh_from_db()
    assert article.state == "published"
    context.close()

    # a reader without an account: both paragraphs, each its own <p>, and the picture loads
    reader_context = browser.new_context(viewport=size, locale="zh-CN", is_mobile=width < 400)
    reader = reader_context.new_page()
    reader.goto(f"{live_server.url}/news/articles/{article.pk}/")
    paragraphs = [t.strip() for t in reader.locator(".news-body p").all_inner_texts()]
    assert FIRST in paragraphs and SECOND in paragraphs
    assert reader.evaluate(IMAGES_LOADED)
    assert _fits(reader, width)
    reader_context.close()
