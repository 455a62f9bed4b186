"""Every step a station's people may take on a resident's opinion, next to the transitions of
stations.workflow: its form, the service it calls, what it says when done, and the rule
(stations.rules) that decides who may take it — the rule the service calls as well."""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import Action, Actions

from . import forms, rules, selectors, services, workflow


class OpinionActions(Actions):
    """The page offers a step to whom its rule admits while the opinion's state allows it.

    A post for a step the state no longer allows (the page was built on an earlier state) is
    still handed to the service, which refuses it under the row lock with the state table's
    message: the person is told what changed and to reload (400), not forbidden (403)."""

    def available(self, user, opinion) -> dict:
        offered = super().available(user, opinion)
        return {name: allowed for name, allowed in offered.items() if workflow.can(opinion, name)}


def _step(name, form, service, params, success, allowed=rules.may_handle, **options):
    """A step of stations.workflow: labelled as its transition, the opinion as `opinion=`."""
    return Action(
        name,
        workflow.TRANSITIONS[name].label,
        form,
        service=service,
        record_arg="opinion",
        params=params,
        success=success,
        allowed=allowed,
        **options,
    )


def _at_station(request, opinion, allowed):
    return {"station": opinion.station}


@dataclass(frozen=True)
class Converted:
    """A conversion done, with who did it: the message links to what it made only if they
    may open it."""

    opinion: object
    user: object


def _converting(service, params):
    def run(request, opinion, data):
        done = service(actor=request.user, opinion=opinion, **{p: data[p] for p in params})
        return Converted(done, request.user)

    return run


def _converted_message(text):
    def message(result):
        made = selectors.conversion_for(result.user, result.opinion)
        if made and made["target"] is not None:
            return format_html(
                '{} <a href="{}" class="alert-link" id="conversion-message-link">{}</a>',
                text,
                made["target"].get_absolute_url(),
                _("Open %(kind)s “%(title)s”")
                % {"kind": made["kind"], "title": made["target"].title},
            )
        return str(text)

    return message


def _conversion(name, form, service, params, success, allowed, *, text):
    """A conversion: the members of the opinion's station may take it up; the title and the
    `text` field start from the resident's words. The message links to what it made."""
    return _step(
        name,
        form,
        service,
        params,
        _converted_message(success),
        allowed=allowed,
        form_kwargs=_at_station,
        initial=lambda o: {"title": o.content[:40], text: o.content},
        run=_converting(service, params),
    )


ACTIONS = OpinionActions(
    _step(
        "start",
        forms.NoteForm,
        services.start_handling,
        ("note",),
        _("Handling has started."),
    ),
    _step(
        "resolve",
        forms.ResolveForm,
        services.resolve_on_spot,
        ("result", "member"),
        _("The opinion is marked as resolved on the spot."),
        form_kwargs=_at_station,
    ),
    _step(
        "refer",
        forms.FollowUpReferForm,
        services.refer_to_department,
        ("department", "due_on", "note", "member"),
        _("The opinion was referred to the department."),
        form_kwargs=_at_station,
    ),
    _step(
        "answer",
        forms.AnswerForm,
        services.record_department_answer,
        ("answer",),
        _("The department's answer was recorded."),
    ),
    _conversion(
        "convert_report",
        forms.ConvertReportForm,
        services.convert_to_report,
        ("member", "title", "content"),
        _("The opinion became a social-opinion report in the member's name."),
        rules.may_convert_report,
        text="content",
    ),
    _conversion(
        "convert_proposal",
        forms.ConvertProposalForm,
        services.convert_to_proposal,
        ("member", "title", "analysis", "suggestions"),
        _("The opinion became a draft proposal of the member."),
        rules.may_convert_proposal,
        text="analysis",
    ),
    _step(
        "close",
        forms.ResultForm,
        services.close_opinion,
        ("result",),
        _("The opinion is closed; the resident can look the result up."),
        initial=lambda o: {"result": o.department_answer} if o.department_answer else {},
    ),
)
