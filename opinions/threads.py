"""The report's conversation thread (cppcc_portal.notifications.threads): between the member
who wrote it and information (opinion) staff; visible to whoever sees the report
(selectors.visible_to)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.notifications.threads import ThreadPolicy, register
from members.selectors import member_for

from . import selectors
from .rules import is_author, is_staff


def may_post(user, report) -> bool:
    return is_staff(user) or is_author(user, report)


def name(user) -> str:
    member = member_for(user)
    return member.name if member is not None else (user.get_full_name() or user.get_username())


def participants(report):
    people = []
    if report.member_id and report.member.user_id:
        people.append(report.member.user)
    if report.editor_id:
        people.append(report.editor)
    return people


POLICY = register(
    ThreadPolicy(
        model_label="opinions.report",
        namespace="opinions",
        visible=selectors.visible_to,
        may_post=may_post,
        participants=participants,
        url=lambda r: reverse("opinions:detail", args=[r.pk]),
        name=name,
        noun=_("the report"),
        kind="report.thread",
    )
)
