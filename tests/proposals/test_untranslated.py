"""The Chinese rendering of each role's main pages carries no English label or header left
untranslated (the words in the page text and in the attributes a user reads)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

# technical names that stay Latin in the Chinese UI
ALLOWED = {
    "excel",
    "pdf",
    "sms",
    "totp",
    "http",
    "https",
    "url",
    "word",
    "docx",
    "xlsx",
    "csv",
    "png",
    "jpg",
    "jpeg",
}
READ_ATTRS = {"placeholder", "aria-label", "title", "alt"}
ENGLISH = re.compile(r"\b[A-Za-z][a-z]{2,}(?:\s+[A-Za-z][a-z]+)*\b")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.words, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRS and value:
                self.words += ENGLISH.findall(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.words += ENGLISH.findall(data)


def english_left(html):
    parser = _Text()
    parser.feed(html)
    return sorted({w for w in parser.words if w.lower() not in ALLOWED})


def _pages(replied, member_user, staff, liaison, leader):
    detail = reverse("proposals:detail", args=[replied.pk])
    return {
        "member": (member_user, ["home", "proposals:mine", "proposals:create", detail]),
        "staff": (
            staff,
            ["home", "proposals:list", "proposals:review", "proposals:overdue", detail],
        ),
        "unit liaison": (liaison, ["home", "proposals:unit_queue", detail]),
        "leader": (leader, ["home", "dashboard:leader", detail]),
    }


@pytest.mark.parametrize("who", ["member", "staff", "unit liaison", "leader"])
def test_main_pages_carry_no_english_words(
    client_for, replied, member_user, staff, liaison, leader, who
):
    """A replied proposal (units, reply, timeline, deadlines) seen by each role that works on it."""
    user, names = _pages(replied, member_user, staff, liaison, leader)[who]
    client = client_for(user)
    found = {}
    for name in names:
        url = name if name.startswith("/") else reverse(name)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, (url, response.status_code)
        if left := english_left(response.content.decode()):
            found[url] = left
    assert found == {}


def test_the_scan_finds_an_english_label():
    html = (
        '<label>Title</label><input placeholder="Search titles"><script>var a = "Ignored";</script>'
    )
    assert english_left(html) == ["Search titles", "Title"]
    assert english_left("<p>导出 Excel · PDF</p>") == []


def test_proposal_lists_say_anyou_not_mingcheng(client_for, draft, member_user, staff):
    mine = client_for(member_user).get(reverse("proposals:mine")).content.decode()
    assert "<th>案由</th>" in mine and "名称" not in mine
    listing = client_for(staff).get(reverse("proposals:list")).content.decode()
    assert "<th>案由</th>" in listing
