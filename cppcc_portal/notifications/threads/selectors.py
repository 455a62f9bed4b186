"""Reading a thread: only for someone who may see its object (the part's visible_to)."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from .models import ThreadAttachment, ThreadMessage
from .policy import policy_for


def visible_target(user, model_label: str, pk: int):
    """The object, if the user may see it; 404 otherwise (its existence is not told)."""
    policy = policy_for(model_label)
    obj = policy.visible(user).filter(pk=pk).first() if user.is_authenticated else None
    if obj is None:
        raise Http404
    return obj


def messages_of(target):
    ct = ContentType.objects.get_for_model(target)
    return (
        ThreadMessage.objects.filter(target_type=ct, target_id=target.pk)
        .select_related("author")
        .prefetch_related("attachments", "mentions")
        .order_by("created_at", "id")
    )


def thread_of(user, target) -> list:
    """The messages on `target`, for a user who may see it (else nothing)."""
    if not policy_for(target).sees(user, target):
        return []
    return list(messages_of(target))


def _check(user, message, model_label):
    ct = message.target_type
    if f"{ct.app_label}.{ct.model}" != model_label:
        raise Http404
    visible_target(user, model_label, message.target_id)
    return message


def message_for(user, model_label: str, pk: int) -> ThreadMessage:
    message = ThreadMessage.objects.select_related("target_type", "author").filter(pk=pk).first()
    if message is None:
        raise Http404
    return _check(user, message, model_label)


def attachment_for(user, model_label: str, pk: int) -> ThreadAttachment:
    att = ThreadAttachment.objects.select_related("message__target_type").filter(pk=pk).first()
    if att is None:
        raise Http404
    _check(user, att.message, model_label)
    return att
