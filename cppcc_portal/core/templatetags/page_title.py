"""`{% page_title %}…{% endpage_title %}`: the browser title "<page> · <site>", or the site name
alone when the page gives none (the home page), so no page reads " · 区政协委员履职平台"."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html

register = template.Library()


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        page = " ".join(self.nodelist.render(context).split())
        site = context.get("SITE_TITLE") or settings.SITE_TITLE
        if not page or page == conditional_escape(site):
            return conditional_escape(site)
        return format_html("{} · {}", page, site)


@register.tag
def page_title(parser, token):
    """The enclosed text (usually `{% block title %}`) is the page's own name."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
