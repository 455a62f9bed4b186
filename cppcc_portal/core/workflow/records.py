"""The records a workflow writes: the version guard and the timeline.

One concurrency guard for every part: a `version` column. A page carries the version it was
built on; the service locks the row and refuses a write based on an older one ("this changed,
reload"). It was chosen over django-fsm's ConcurrentTransitionMixin because it also guards
writes that are not transitions (an edited draft, a countersignature), and a stale form names
the version it saw, which a hidden state field cannot for two edits in the same state.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STALE = _("Someone else changed this meanwhile. Reload the page and try again.")


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True


def parse_version(value) -> int | None:
    """The version a page posted; anything forged (not a whole number) reads as None."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 <= n < 2**31 else None


# Checks every locked write passes (e.g. members.terms: a closed term is read-only). The
# foundation knows nothing of terms: an app registers its guard in its AppConfig.ready().
_WRITE_GUARDS: list = []


def register_write_guard(guard) -> None:
    """`guard(obj)` raises ValidationError to refuse any write to `obj` through `lock()`."""
    if guard not in _WRITE_GUARDS:
        _WRITE_GUARDS.append(guard)


_REFUSAL = "_workflow_write_refusal"  # what write_refusal found, kept on the instance


def write_refusal(obj, *, fresh: bool = True) -> ValidationError | None:
    """The refusal a registered write guard gives for any write to `obj` (a record of a closed
    term), or None when it may be written. The very guards `lock()` asks, so a page offers
    no write that the service would refuse. The answer is kept on the instance: `fresh=False`
    reuses what was found while the same page was built (its actions, then its notice)."""
    if not fresh and _REFUSAL in vars(obj):
        return vars(obj)[_REFUSAL]
    refusal = None
    for guard in _WRITE_GUARDS:
        try:
            guard(obj)
        except ValidationError as exc:
            refusal = exc
            break
    vars(obj)[_REFUSAL] = refusal
    return refusal


def read_only(obj, *, fresh: bool = True) -> bool:
    """Whether a write guard refuses every write to `obj` (see write_refusal)."""
    return write_refusal(obj, fresh=fresh) is not None


def lock(obj, *, version=None, message=STALE):
    """Re-read `obj` under a row lock. If the caller names the version its page was built on
    (or `obj` carries one it read), a different stored version is refused as stale. Every
    registered write guard is asked first (a closed term refuses here, for every part)."""
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    refusal = write_refusal(locked)
    if refusal is not None:
        raise refusal
    seen = version if version is not None else getattr(obj, "version", None)
    if hasattr(locked, "version") and seen is not None and seen != locked.version:
        raise ValidationError(str(message), code="stale")
    return locked


def bump(obj, *fields):
    """Save a write: the version moves on, so every page built before it is stale."""
    obj.version += 1
    update = ["version", *fields]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(update)))


class TimelineEvent(models.Model):
    """One line of a record's timeline: who did what, when, from which state to which.

    Each part's event model inherits it and adds the key of its record
    (`proposal = ForeignKey(Proposal, related_name="events")`)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


def record(event_model, *, actor, action, comment="", from_state="", to_state="", **target):
    """Write a timeline event; `target` names the record (`proposal=p`)."""
    return event_model.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=(comment or "")[:4000],
        **target,
    )


def record_history(event_model, steps, **target):
    """The timeline of imported history in one INSERT: each step `(action, from_state,
    to_state, at, comment)` at its own moment, by no one, marked imported."""
    marked = str(_("imported"))
    event_model.objects.bulk_create(
        event_model(
            actor=None,
            action=action,
            from_state=old,
            to_state=new,
            at=at,
            comment=f"{marked} {comment}".strip()[:4000],
            **target,
        )
        for action, old, new, at, comment in steps
    )
