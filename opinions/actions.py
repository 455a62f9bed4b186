"""Every action a person may take on a report's page, next to the transitions of
opinions.workflow: its form, the service it calls, what it says when done, and the rule
(opinions.rules) that decides who may take it now — the rule the services refuse by as well.
The timeline's labels for what was done stay in workflow.ACTION_LABELS."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import Action, Actions

from . import forms, rules, services

FORM = "opinions/actions/form.html"  # plain field names and a data-<action>-form hook


def _act(name, label, form, **options):
    """An action on a report: the service takes it as `report`; each form's ids carry the
    action's name, as several forms share field names (note, level) on one page."""
    return Action(
        name,
        label,
        form,
        record_arg="report",
        template=FORM,
        form_kwargs=lambda request, report, allowed: {"auto_id": f"id_{name}_%s"},
        **options,
    )


ACTIONS = Actions(
    # the member
    _act(
        "submit",
        _("Submit"),
        forms.EmptyForm,
        service=services.submit_report,
        success=_("Your report was submitted."),
        allowed=rules.may_edit_draft,
        confirm=_(
            "Submit the report? It goes to the information office and can no longer be edited."
        ),
    ),
    # the editing desk
    _act(
        "start_editing",
        _("Start editing"),
        forms.EmptyForm,
        service=services.start_editing,
        success=_("Editing started: check the text, then adopt or keep it."),
        allowed=rules.may_start_editing,
    ),
    _act(
        "adopt",
        _("Adopt into the bulletin"),
        forms.AdoptForm,
        service=services.adopt_report,
        params=("issue", "signed_off_by", "note"),
        success=lambda report: _("Adopted in %(issue)s.") % {"issue": report.issue},
        allowed=rules.may_adopt,
        confirm=_(
            "Adopt the report into this bulletin issue? The member is told and the duty record is written."
        ),
        style="success",
    ),
    _act(
        "archive",
        _("Keep, not adopted"),
        forms.ArchiveForm,
        service=services.archive_report,
        params=("note",),
        success=_("The report was kept, not adopted; the member was told."),
        allowed=rules.may_decide,
        confirm=_("Keep this report without adopting it?"),
        style="outline-dark",
    ),
    # what became of an adopted report
    _act(
        "forward",
        _("Forward"),
        forms.ForwardForm,
        service=services.forward_report,
        params=("recipients", "forwarded_on"),
        success=lambda rows: _("Forwarded to %(n)d recipients.") % {"n": len(rows)},
        allowed=rules.may_record_outcome,
    ),
    _act(
        "use",
        _("Record a use"),
        forms.UseForm,
        service=services.record_use,
        params=("level", "kind", "used_by", "used_on", "note"),
        success=_("The use was recorded."),
        allowed=rules.may_record_outcome,
    ),
    _act(
        "instruction",
        _("Record an instruction"),
        forms.InstructionForm,
        service=services.record_instruction,
        params=("leader_name", "level", "instructed_on", "text"),
        success=_("The instruction was recorded."),
        allowed=rules.may_record_outcome,
    ),
)
