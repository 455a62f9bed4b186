"""Every step staff take on a consultation and on a rectification item, next to the transitions
of consultations.workflow: its form, the service it calls, what it says when done, and the
rule (consultations.rules.may_move) that decides who may take it — the rule the services
refuse by as well."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import Action, Actions, read_only

from . import forms, rules, services, workflow
from .models import Speech


class StepActions(Actions):
    """The page offers a step to whom the rule admits while the record's state allows it.

    A post for a step the state no longer allows (the page was built on an earlier state) is
    still handed to the service, which refuses it under the row lock with the state table's
    message: the person is told what changed and to reload (400), not forbidden (403)."""

    def __init__(self, machine, *actions):
        super().__init__(*actions)
        self.machine = machine

    def available(self, user, obj) -> dict:
        offered = super().available(user, obj)
        return {name: ok for name, ok in offered.items() if self.machine.can(obj, name)}

    def offered(self, user, obj, bound=None) -> dict:
        """What the page offers; a form refused because the record moved on meanwhile is
        shown as well (STALE_STEP), with what was typed and the reason, so nothing is lost."""
        offered = self.available(user, obj)
        kept = bound.prefix if bound is not None else None
        if (
            kept in self
            and kept not in offered
            and not read_only(obj, fresh=False)  # a closed term's record: nothing to retry
            and self[kept].allowed(user, obj)
        ):
            offered = {kept: STALE_STEP, **offered}
        return offered

    def page_entries(self, request, obj, url_name, bound=None) -> list:
        offered = self.offered(request.user, obj, bound)
        action_forms = self.forms_for(request, obj, offered, bound=bound)
        return self.entries(request, obj, offered, action_forms, url_name)


STALE_STEP = "stale"  # the `allowed` of an entry kept for a page built on an earlier state


def _step(name, form, service, params=(), *, record_arg, transitions, success, **options):
    return Action(
        name,
        transitions[name].label,
        form,
        service=service,
        record_arg=record_arg,
        params=params,
        success=success,
        allowed=options.pop("allowed", rules.may_move),
        **options,
    )


SAVED = _("Saved.")


def _consultation_step(name, form, service, params=(), success=SAVED, **options):
    return _step(
        name,
        form,
        service,
        params,
        record_arg="consultation",
        transitions=workflow.CONSULTATION_TRANSITIONS,
        success=success,
        **options,
    )


def _speeches(request, consultation, allowed):
    return {
        "speeches": Speech.objects.filter(meeting__consultation=consultation).select_related(
            "member"
        )
    }


def _held_initial(consultation):
    """The day held starts from the day of its (first) meeting, else the scheduled day."""
    days = services.meeting_days(consultation)
    return {"held_on": days[0] if days else consultation.scheduled_on, "venue": consultation.venue}


CONSULTATION_ACTIONS = StepActions(
    workflow.MACHINE,
    _consultation_step(
        "start_preparing",
        forms.EmptyStepForm,
        services.start_preparing,
        success=_("Preparation has started."),
    ),
    _consultation_step(
        "hold",
        forms.HeldForm,
        services.record_held,
        ("held_on", "venue", "officials_present", "minutes"),
        initial=_held_initial,
    ),
    _consultation_step(
        "send_outcome",
        forms.OutcomeForm,
        services.send_outcome,
        (
            "outcome_kind",
            "outcome_title",
            "outcome_text",
            "outcome_document",
            "sent_on",
            "recipients",
        ),
        initial=lambda c: {"sent_on": timezone.localdate()},
    ),
    _consultation_step(
        "receive_feedback",
        forms.FeedbackForm,
        services.record_feedback,
        (
            "result",
            "received_on",
            "text",
            "leader_instructions",
            "suggestions_answered",
            "speeches",
        ),
        form_kwargs=_speeches,
        initial=lambda c: {"received_on": timezone.localdate()},
    ),
    _consultation_step(
        "close",
        forms.EmptyStepForm,
        services.close_consultation,
        success=_("The consultation is closed."),
        confirm=_("Close this consultation?"),
    ),
)


def _rectification_step(name, form, service, params=(), **options):
    return _step(
        name,
        form,
        service,
        params,
        record_arg="item",
        transitions=workflow.RECTIFICATION_TRANSITIONS,
        success=SAVED,
        **options,
    )


RECTIFICATION_ACTIONS = StepActions(
    workflow.RECTIFICATION_MACHINE,
    _rectification_step(
        "start",
        forms.EmptyStepForm,
        services.start_rectification,
        style="outline-primary",
        allowed=rules.may_rectify,
    ),
    _rectification_step(
        "report",
        forms.ReportRectificationForm,
        services.report_rectification,
        ("feedback", "reported_on"),
        initial=lambda item: {"reported_on": timezone.localdate()},
        allowed=rules.may_rectify,
    ),
    # verified or reopened with a new date: the service takes the one the result says
    _rectification_step(
        "verify",
        forms.VerifyForm,
        services.verify_rectification,
        ("accepted", "verification", "new_deadline"),
    ),
)
