"""The similar proposals under the form and in the pre-review name each one's session and
number once: with the default number format (二届五次会议第0001号) the number already carries
the session's name, with a format without it the session is named before the number."""

import pytest
from django.urls import reverse

from proposals.models import Proposal

pytestmark = pytest.mark.django_db

SIMILAR = "关于完善社区养老服务的建议"


def _pages(client):
    similar = client.get(reverse("proposals:similar"), {"title": SIMILAR}).content.decode()
    review = client.post(
        reverse("proposals:prereview"),
        {"title": SIMILAR, "analysis": "", "suggestions": ""},
    ).content.decode()
    return similar, review


def test_the_session_is_named_once(registered, member_user, client_for):
    assert registered.number_display == f"{registered.session.name}第0001号"
    similar, review = _pages(client_for(member_user))
    for page in (similar, review):
        assert registered.number_display in page
        assert f"{registered.session.name} {registered.number_display}" not in page
    # a number format without the session's name: the session is named before the number
    Proposal.objects.filter(pk=registered.pk).update(number_display="2026-0001")
    similar, review = _pages(client_for(member_user))
    for page in (similar, review):
        assert f"{registered.session.name} 2026-0001" in page
