"""Writing to a thread: post (with attachments and @-mentions) and edit within ten minutes.
Messages are never deleted; every refusal is a ValidationError or PermissionDenied in Chinese."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.uploads import display_name, validate_upload

from ..services import notify
from .models import ThreadAttachment, ThreadMessage
from .policy import policy_for

EDIT_WINDOW = timedelta(minutes=10)
MAX_BODY = 4000
MAX_FILES = 5
# @username: Django's username characters; a trailing full stop is punctuation, not the name.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


def mentioned_names(body: str) -> list[str]:
    names = []
    for raw in MENTION.findall(body or ""):
        name = raw.rstrip(".")
        if name and name not in names:
            names.append(name)
    return names


def resolve_mentions(policy, target, body: str) -> list:
    """The users @-mentioned in `body`; refuses a name nobody has and anyone who may not see
    the object (the part's visible_to decides)."""
    names = mentioned_names(body)
    if not names:
        return []
    User = get_user_model()
    found = {u.get_username(): u for u in User.objects.filter(username__in=names, is_active=True)}
    unknown = [n for n in names if n not in found]
    if unknown:
        raise ValidationError(
            _("No one is called @%(names)s: check the name."),
            code="mention_unknown",
            params={"names": ", @".join(unknown)},
        )
    blind = [n for n in names if not policy.sees(found[n], target)]
    if blind:
        raise ValidationError(
            _(
                "@%(names)s may not see %(what)s and cannot be mentioned; mention only people "
                "who may see it."
            ),
            code="mention_not_visible",
            params={"names": ", @".join(blind), "what": policy.noun},
        )
    return [found[n] for n in names]


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."), code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("The message is too long (at most %(n)s characters)."),
            code="too_long",
            params={"n": MAX_BODY},
        )
    return body


def _target_of(message):
    ct = message.target_type
    return ct.get_object_for_this_type(pk=message.target_id)


def _notify(policy, actor, target, message, mentioned):
    ct = ContentType.objects.get_for_model(target)
    writers = get_user_model().objects.filter(
        pk__in=ThreadMessage.objects.filter(target_type=ct, target_id=target.pk).values("author")
    )
    mentioned_ids = {u.pk for u in mentioned}
    others = {u.pk: u for u in (*policy.participants(target), *writers) if u is not None}
    others = [
        u
        for pk, u in others.items()
        if pk != actor.pk and pk not in mentioned_ids and policy.sees(u, target)
    ]
    who = policy.name(actor)
    url = policy.url(target) + f"#thread-message-{message.pk}"
    excerpt = message.body[:200]
    notify(
        recipients=[u for u in mentioned if u.pk != actor.pk],
        kind=policy.kind + ".mention",
        title=_("%(who)s mentioned you about “%(what)s”") % {"who": who, "what": target},
        body=excerpt,
        target=target,
        url=url,
    )
    notify(
        recipients=others,
        kind=policy.kind,
        title=_("%(who)s wrote about “%(what)s”") % {"who": who, "what": target},
        body=excerpt,
        target=target,
        url=url,
    )


def post_message(*, actor, target, body: str, files=()) -> ThreadMessage:
    """A new message on `target`'s thread by someone the part lets post, with checked files."""
    policy = policy_for(target)
    if not policy.sees(actor, target) or not policy.may_post(actor, target):
        raise PermissionDenied(_("You do not take part in this conversation."))
    body = _clean_body(body)
    files = [f for f in files or () if f]
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("At most %(n)s files per message."), code="too_many", params={"n": MAX_FILES}
        )
    for upload in files:
        validate_upload(upload)
    mentioned = resolve_mentions(policy, target, body)
    with transaction.atomic():
        message = ThreadMessage.objects.create(
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            author=actor,
            body=body,
        )
        message.mentions.set(mentioned)
        for upload in files:
            ThreadAttachment.objects.create(
                message=message, file=upload, name=display_name(upload.name), size=upload.size
            )
        _notify(policy, actor, target, message, mentioned)
    return message


def may_edit(user, message, now=None) -> bool:
    now = now or timezone.now()
    return (
        getattr(user, "pk", None) == message.author_id and now - message.created_at <= EDIT_WINDOW
    )


def edit_message(*, actor, message, body: str) -> ThreadMessage:
    """The author corrects a message within ten minutes of writing it; never later, never
    anyone else. Newly mentioned people are told."""
    with transaction.atomic():
        message = ThreadMessage.objects.select_for_update().get(pk=message.pk)
        if message.author_id != actor.pk:
            raise PermissionDenied(_("Only the author may edit a message."))
        if not may_edit(actor, message):
            raise PermissionDenied(
                _("A message can be edited only within 10 minutes of writing it.")
            )
        target = _target_of(message)
        policy = policy_for(target)
        if not policy.sees(actor, target):
            raise PermissionDenied(_("You do not take part in this conversation."))
        body = _clean_body(body)
        mentioned = resolve_mentions(policy, target, body)
        before = set(message.mentions.values_list("pk", flat=True))
        message.body = body
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "edited_at"])
        message.mentions.set(mentioned)
        new = [u for u in mentioned if u.pk not in before and u.pk != actor.pk]
        if new:
            notify(
                recipients=new,
                kind=policy.kind + ".mention",
                title=_("%(who)s mentioned you about “%(what)s”")
                % {"who": policy.name(actor), "what": target},
                body=body[:200],
                target=target,
                url=policy.url(target) + f"#thread-message-{message.pk}",
            )
    return message
