"""A consultation's life on its state table: preparing, materials, the meeting held, the
outcome sent (the feedback deadline opens) and the feedback recorded (it closes)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.workflow import record
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.models import Deadline
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from ..duties import FEEDBACK_DUTY, OUTCOME_DUTY
from ..models import (
    ConsultationEvent,
    ConsultationSettings,
    Feedback,
    Material,
    Meeting,
)
from ..workflow import MACHINE
from ._base import _move, _require_staff, staff_users

STAFF_PARTY = f"role:{Role.CONSULTATION_STAFF}"


def _step(consultation, name, *, actor, version=None, comment="", **fields):
    """A step of the consultation's life, recorded in its timeline."""
    source, target = _move(MACHINE, consultation, name, actor=actor, version=version, **fields)
    record(
        ConsultationEvent,
        actor=actor,
        action=name,
        from_state=source,
        to_state=target,
        comment=comment,
        consultation=consultation,
    )
    return consultation


# --- A consultation's life ---------------------------------------------------------------


@transaction.atomic
def start_preparing(*, actor, consultation, version=None):
    return _step(consultation, "start_preparing", actor=actor, version=version)


@transaction.atomic
def add_material(*, actor, consultation, kind, title, summary="", file=None):
    _require_staff(actor)
    if not consultation.meta.materials:
        raise ValidationError(_("Materials can only be added before the meeting is held."))
    if not file and not summary.strip():
        raise ValidationError(_("Attach a file or write the material's text."))
    material = Material(
        consultation=consultation, kind=kind, title=title, summary=summary, uploaded_by=actor
    )
    if file:
        material.file = file
    material.full_clean()
    material.save()
    return material


def meeting_days(consultation) -> list:
    """The days (in the district's time) the consultation's meetings are set for, in order."""
    starts = Meeting.objects.filter(consultation=consultation).values_list("starts_at", flat=True)
    return sorted({timezone.localdate(at) for at in starts})


def _check_held_on(consultation, held_on):
    """The day held is not in the future and, if the consultation has meetings, is the day of
    one of them: a consultation is not recorded as held on a day its meeting was not."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot be held in the future.")})
    days = meeting_days(consultation)
    if days and held_on not in days:
        raise ValidationError(
            {
                "held_on": _(
                    "The consultation's meeting is set for %(days)s: the date held must be "
                    "that day. If the meeting moved, change its date on the meeting's page "
                    "first."
                )
                % {"days": "、".join(d.isoformat() for d in days)}
            }
        )


@transaction.atomic
def record_held(
    *, actor, consultation, held_on, venue, officials_present="", minutes="", version=None
):
    _check_held_on(consultation, held_on)
    if not venue.strip():
        raise ValidationError({"venue": _("Give the venue.")})
    days = ConsultationSettings.current().outcome_working_days
    _step(
        consultation,
        "hold",
        actor=actor,
        version=version,
        held_on=held_on,
        venue=venue.strip(),
        officials_present=officials_present,
        minutes=minutes,
        outcome_due_on=add_working_days(held_on, days),
    )
    _open_outcome_deadline(consultation)
    return consultation


def _open_outcome_deadline(consultation):
    """The outcome (会议纪要 / 建议报告) is due [L] working days after the meeting (DOMAIN §4):
    the consultation staff of the day a reminder goes out are responsible (a role, not the
    people of today)."""
    url = reverse("consultations:detail", args=[consultation.pk])
    title = _("Outcome due on %(date)s: %(topic)s") % {
        "date": consultation.outcome_due_on.isoformat(),
        "topic": consultation.topic,
    }
    open_deadline(
        target=consultation,
        duty=OUTCOME_DUTY,
        due_on=consultation.outcome_due_on,
        responsible=[STAFF_PARTY],
        title=title,
        url=url,
    )
    notify(
        recipients=staff_users(),
        kind="consultation.outcome_due",
        title=title,
        target=consultation,
        url=url,
    )


def _close_outcome_deadline(consultation, sent_on):
    """Met: late or not by the day the outcome was sent, not the day it was recorded."""
    close_deadline(target=consultation, duty=OUTCOME_DUTY)
    due = consultation.outcome_due_on
    if due is not None:
        Deadline.objects.filter(
            target_type=ContentType.objects.get_for_model(consultation),
            target_id=consultation.pk,
            duty=OUTCOME_DUTY,
            state=Deadline.State.MET,
            due_on=due,
        ).update(met_late=sent_on > due)


@transaction.atomic
def send_outcome(
    *,
    actor,
    consultation,
    outcome_kind,
    outcome_title,
    sent_on,
    outcome_text="",
    outcome_document=None,
    recipients="区委、区政府",
    version=None,
):
    """The outcome goes to the Party committee and government; their feedback is due in the
    configured number of working days."""
    if not outcome_text.strip() and not outcome_document:
        raise ValidationError(_("Attach the outcome document or write its text."))
    if consultation.held_on and sent_on < consultation.held_on:
        raise ValidationError({"sent_on": _("The outcome cannot be sent before the meeting.")})
    days = ConsultationSettings.current().feedback_working_days
    fields = {
        "outcome_kind": outcome_kind,
        "outcome_title": outcome_title,
        "outcome_text": outcome_text,
        "outcome_sent_on": sent_on,
        "outcome_recipients": recipients,
        "feedback_due_on": add_working_days(sent_on, days),
    }
    if outcome_document:
        fields["outcome_document"] = outcome_document
    _step(consultation, "send_outcome", actor=actor, version=version, **fields)
    _close_outcome_deadline(consultation, sent_on)
    url = reverse("consultations:detail", args=[consultation.pk])
    staff = staff_users()
    title = _("Feedback due on %(date)s: %(topic)s") % {
        "date": consultation.feedback_due_on.isoformat(),
        "topic": consultation.topic,
    }
    open_deadline(
        target=consultation,
        duty=FEEDBACK_DUTY,
        due_on=consultation.feedback_due_on,
        responsible=staff,
        title=title,
        url=url,
    )
    notify(
        recipients=staff,
        kind="consultation.feedback_due",
        title=title,
        target=consultation,
        url=url,
    )
    return consultation


@transaction.atomic
def record_feedback(
    *,
    actor,
    consultation,
    result,
    received_on,
    text,
    leader_instructions="",
    suggestions_answered="",
    speeches=(),
    version=None,
):
    if not text.strip():
        raise ValidationError({"text": _("Give the feedback's text.")})
    if consultation.outcome_sent_on and received_on < consultation.outcome_sent_on:
        raise ValidationError(
            {"received_on": _("Feedback cannot arrive before the outcome was sent.")}
        )
    speeches = list(speeches)
    if any(s.meeting.consultation_id != consultation.pk for s in speeches):
        raise ValidationError(_("Link only speeches made in this consultation."))
    _step(consultation, "receive_feedback", actor=actor, version=version)
    feedback = Feedback(
        consultation=consultation,
        result=result,
        received_on=received_on,
        text=text,
        leader_instructions=leader_instructions,
        suggestions_answered=suggestions_answered,
        recorded_by=actor,
    )
    feedback.full_clean()
    feedback.save()
    feedback.speeches.set(speeches)
    close_deadline(target=consultation, duty=FEEDBACK_DUTY)
    return feedback


@transaction.atomic
def close_consultation(*, actor, consultation, version=None):
    return _step(consultation, "close", actor=actor, version=version)
