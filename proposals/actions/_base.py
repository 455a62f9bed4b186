"""What every action declaration shares: how a proposal's action builds its form."""

from cppcc_portal.core.workflow import Action

from .. import forms


def _plain(request, p, allowed):
    return {"proposal": p, "user": request.user}


def _for_assignments(request, p, allowed):
    return {"proposal": p, "user": request.user, "assignments": allowed}


def _act(name, label, form, **options):
    """An action on a proposal: its service takes the proposal, its form the proposal and the
    user — or, for the units' actions, the assignments the rule allows (and the service the
    chosen one)."""
    units = issubclass(form, forms.AssignmentForm)
    if not units:
        options.setdefault("record_arg", "proposal")
    options.setdefault("form_kwargs", _for_assignments if units else _plain)
    return Action(name, label, form, **options)
