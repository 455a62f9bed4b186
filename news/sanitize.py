"""Article bodies are HTML written by staff; readers get only what this allowlist keeps.

No script, no styles, no event handlers, no iframes or other embeds; links only
http(s)/mailto/relative; images only from the portal's own article images
(/news/images/<pk>/), which are served by a permission-checked view.
"""

import re

import nh3
from django.urls import reverse
from django.utils.html import escape

TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Dropped with their content (not just the tag).
CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg"}
URL_SCHEMES = {"http", "https", "mailto"}


def _image_pattern():
    prefix = reverse("news:public_image", args=[0]).rsplit("0/", 1)[0]
    return re.compile(rf"^{re.escape(prefix)}(\d+)/$")


def _filter_for(allowed_images):
    image = _image_pattern()

    def _filter(element, attribute, value):
        if element == "img" and attribute == "src":
            match = image.match(value)
            if not match:
                return None
            if allowed_images is not None and int(match.group(1)) not in allowed_images:
                return None
            return value
        return _other(element, attribute, value)

    return _filter


def _other(element, attribute, value):
    if element == "a" and attribute == "href":
        lowered = value.strip().lower()
        if lowered.startswith("//"):
            return None  # scheme-relative: an outside host in disguise
    return value


_MARKUP = re.compile(r"<[A-Za-z!/?]")


def as_html(text: str) -> str:
    """A body typed as plain text (no editor, or a row written before the editor) as HTML
    paragraphs: a blank line starts a new paragraph, a single line break stays a line break.
    A body with any markup is returned as it is (the allowlist deals with it)."""
    if not text or _MARKUP.search(text):
        return text or ""
    blocks = re.split(r"\r?\n[ \t\u3000]*\r?\n\s*", text.strip())
    return "".join(
        "<p>{}</p>".format("<br>".join(escape(line.strip()) for line in block.splitlines()))
        for block in blocks
        if block.strip()
    )


def clean_html(html: str, *, allowed_images: set[int] | None = None) -> str:
    """The safe subset of `html`; with `allowed_images`, only those article images stay
    (an article shows only its own pictures, so their permission follows the article).
    Plain text becomes paragraphs first (as_html), so its blank lines survive."""
    if not html:
        return ""
    cleaned = nh3.clean(
        as_html(html),
        tags=TAGS,
        clean_content_tags=CONTENT_TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_filter_for(allowed_images),
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # An <img> whose source was refused is useless; drop it.
    return re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)


def image_ids(html: str) -> set[int]:
    """The article images a body refers to."""
    pattern = re.compile(r'<img[^>]*\ssrc="([^"]+)"')
    image = _image_pattern()
    return {int(m.group(1)) for src in pattern.findall(html or "") if (m := image.match(src))}


def as_text(html: str) -> str:
    """A body as plain text (for the API and other plain readers): a paragraph, heading or
    list item per line, a blank line kept blank."""
    import html as html_lib

    text = re.sub(r"<br\s*/?>", "\n", html or "", flags=re.I)
    text = re.sub(r"</(p|h[1-6]|li|blockquote|tr|figcaption)>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    lines = [line.strip() for line in html_lib.unescape(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
