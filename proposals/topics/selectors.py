"""Reads of the topic catalogue: members see the published topics, staff every topic with how
many proposals (submitted, not drafts) each drew."""

from django.db.models import Count, Q

from ..models import Proposal, Topic
from ..rules import is_staff

S = Proposal.Status


def topics_for(user, *, session=None, drew: str = ""):
    qs = Topic.objects.select_related("session", "category").annotate(
        n_proposals=Count(
            "uses", filter=~Q(uses__proposal__status__in=[S.DRAFT, S.WITHDRAWN]), distinct=True
        ),
        n_drafts=Count("uses", distinct=True),
    )
    if not is_staff(user):
        qs = qs.filter(is_published=True)
    if session:
        qs = qs.filter(session_id=session)
    if drew == "none":
        qs = qs.filter(n_proposals=0)
    elif drew == "some":
        qs = qs.filter(n_proposals__gt=0)
    return qs.order_by("-session__year", "-session__number", "id")


def published_topic(pk):
    return Topic.objects.filter(is_published=True, pk=pk).first()
