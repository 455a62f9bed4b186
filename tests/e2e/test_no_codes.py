"""No internal code reaches a person: every page each demo account reaches from its home and
its menu (and the pages those link to) is read as text, and nothing like `proposal.lead_reply`
or `not_registered` may show. The demo district is the data, so notices, deadlines and
timelines read as they would in a real district."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

ACCOUNTS = (
    "member",
    "proposal_staff",
    "opinion_staff",
    "consultation_staff",
    "liaison_staff",
    "unit_liaison",
    "station_manager",
    "leader",
    "admin",
    "security_admin",
    "security_auditor",
)
CODE = re.compile(r"(?<![\w./@-])[a-z]+(?:[._][a-z]+)+(?![\w/@-])")
# Links not followed: what changes state on GET (none should), downloads, the admin (Django's
# own words), the language switch, logout, and the security log, which shows the auditor each
# change exactly as it was made (permission codenames included).
SKIP = re.compile(
    r"/(logout|admin|audit|i18n|static|media|export|download|docx|pdf|csv|xlsx|poster|qr|"
    r"attachment|file|files|document|letter|report\.|archive|nav/counts|healthz)\b"
)
MAX_PAGES = 60  # per account: its menu and one step from it


class _Text(HTMLParser):
    """The text a person reads (not scripts, styles or attribute values) and the links."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)
        for name, value in attrs:
            if name in {"title", "placeholder", "aria-label", "alt"} and value:
                self.text.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _read(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.text), parser.links


def _same_site(href):
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/")


@pytest.fixture
def demo_district(db):
    call_command("seed_demo", verbosity=0)


def test_no_internal_code_on_any_page_of_the_demo(demo_district):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ACCOUNTS)}
    assert set(users) == set(ACCOUNTS)
    found, visited_total = [], 0
    for username in ACCOUNTS:
        client = Client()
        client.force_login(users[username])
        queue, seen = ["/"], set()
        first_level = True
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            assert response.status_code in {200, 302, 403, 404}, (
                username,
                url,
                response.status_code,
            )
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            text, links = _read(response.content.decode())
            for code in set(CODE.findall(text)) - set(ACCOUNTS):  # a login name is a name
                found.append((username, url, code))
            if first_level or url.count("/") <= 3:
                for href in links:
                    href = href.split("#")[0]
                    if href and _same_site(href) and not SKIP.search(href) and href not in seen:
                        queue.append(href)
            first_level = False
        visited_total += len(seen)
    assert visited_total > 150
    assert not found, "\n".join(" ".join(f) for f in sorted(set(found))[:80])
