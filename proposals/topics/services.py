"""Writes of the topic catalogue: publish or withdraw a topic (proposal staff), start a draft
from one (a member)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Topic, TopicProposal
from ..rules import is_staff
from ..services import create_draft


@transaction.atomic
def publish_topic(
    *, actor, session, title, source, description="", source_label="", source_url="", category=None
) -> Topic:
    if not is_staff(actor):
        raise PermissionDenied(_("Only proposal staff may publish suggested topics."))
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the topic.")
    elif Topic.objects.filter(session=session, title=title).exists():
        errors["title"] = _("This topic is already in the session's catalogue.")
    if session is None:
        errors["session"] = _("Choose the session.")
    if source not in Topic.Source.values:
        errors["source"] = _("Choose where the topic comes from.")
    if errors:
        raise ValidationError(errors)
    topic = Topic(
        session=session,
        title=title,
        description=(description or "").strip(),
        source=source,
        source_label=(source_label or "").strip(),
        source_url=(source_url or "").strip(),
        category=category,
        created_by=actor,
    )
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def set_published(*, actor, topic: Topic, published: bool) -> Topic:
    if not is_staff(actor):
        raise PermissionDenied(_("Only proposal staff may publish suggested topics."))
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    topic.is_published = published
    topic.save(update_fields=["is_published"])
    return topic


@transaction.atomic
def start_draft_from_topic(*, actor, topic: Topic):
    """A member's draft on a published topic, in the topic's session; the catalogue counts it."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if not topic.is_published:
        raise ValidationError(_("This topic is no longer in the catalogue."))
    proposal = create_draft(
        actor=actor,
        session=topic.session,
        title=_("Proposal on %(topic)s") % {"topic": topic.title},
        analysis=topic.description,
        category=topic.category,
    )
    TopicProposal.objects.create(topic=topic, proposal=proposal)
    return proposal
