"""What a person may do on a record, declared once per action next to the part's transitions
(`<app>/actions.py`): the form, the service call, the success message, and the permission
predicate — the very function the service calls to refuse — so a page never re-states a rule.

    ACTIONS = Actions(
        Action("withdraw", _("Withdraw"), forms.CommentForm,
               service=services.withdraw, record_arg="proposal", params=("comment",),
               success=_("Proposal withdrawn."), allowed=rules.may_withdraw),
        …
    )

The service is called as `service(actor=request.user, <record_arg>=obj, **params)`, each
param a form field of the same name (or a `(keyword, field)` pair); an action whose call
does not fit that shape gives `run(request, obj, cleaned_data)` instead.

`allowed(user, obj)` returns something falsy (not allowed) or truthy; what it returns (the
user's assignments the action applies to, say) is handed to `form_kwargs`, so the form offers
exactly what the rule allows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise

from .records import read_only


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form: type[forms.BaseForm]
    success: object  # the message when done, or a function of the service's result giving it
    allowed: Callable  # (user, obj) -> falsy | True | the objects it applies to
    service: Callable | None = None  # the one service the action calls …
    record_arg: str = ""  # … with the record under this keyword (none if empty) …
    params: tuple = ()  # … and these form fields: "name" or ("keyword", "field")
    run: Callable | None = None  # or (request, obj, cleaned_data) -> anything
    confirm: str = ""  # the consequence, asked before a consequential step
    style: str = "primary"  # the button's Bootstrap colour
    template: str = ""  # a partial for the form's body instead of the generic one
    inline: bool = False  # shown by the page next to what it acts on, not as a card
    form_kwargs: Callable | None = None  # (request, obj, allowed) -> form keyword arguments
    initial: Callable | None = None  # (obj) -> initial data of the unbound form
    writes: bool = True  # a write: not offered on a record the write guards refuse (closed term)

    def execute(self, request, obj, data):
        """Call the service (or `run`) with the form's cleaned data."""
        if self.run is not None:
            return self.run(request, obj, data)
        kwargs = {"actor": request.user}
        if self.record_arg:
            kwargs[self.record_arg] = obj
        for param in self.params:
            keyword, field = (param, param) if isinstance(param, str) else param
            kwargs[keyword] = data[field]
        return self.service(**kwargs)

    def success_message(self, result) -> str:
        if isinstance(self.success, str | Promise):
            return str(self.success)
        return str(self.success(result))

    def make_form(self, request, obj, allowed, data=None, files=None):
        kwargs = {"prefix": self.name}
        if self.form_kwargs is not None:
            kwargs.update(self.form_kwargs(request, obj, allowed))
        if data is None and self.initial is not None:
            kwargs["initial"] = self.initial(obj)
        return self.form(data, files, **kwargs)


class Actions:
    """The actions of one record type, in the order the page shows them."""

    def __init__(self, *actions: Action):
        self.by_name = {a.name: a for a in actions}
        assert len(self.by_name) == len(actions), "action names must be unique"

    def __contains__(self, name):
        return name in self.by_name

    def __getitem__(self, name) -> Action:
        return self.by_name[name]

    def __iter__(self):
        return iter(self.by_name.values())

    def available(self, user, obj) -> dict:
        """name → what the rule allows (True or the objects), for every action open to
        this user on this record now. A record that the registered write guards refuse (a
        closed term's: read-only) is offered no write action: the guard `lock()` would
        refuse it by is asked here, not restated."""
        refused = read_only(obj)
        found = {}
        for action in self:
            if refused and action.writes:
                continue
            allowed = action.allowed(user, obj)
            if allowed:
                found[action.name] = allowed
        return found

    def forms_for(self, request, obj, available: dict, bound=None) -> dict:
        """An unbound form per available action (the bound one where the user just failed)."""
        return {
            name: bound
            if bound is not None and bound.prefix == name
            else self[name].make_form(request, obj, allowed)
            for name, allowed in available.items()
        }

    def entries(self, request, obj, available: dict, forms: dict, url_name: str) -> list:
        """What templates/includes/actions.html shows: per available action its declaration,
        form, what the rule allows and where it posts (`url_name` takes pk and action)."""
        from django.urls import reverse

        return [
            Entry(
                self[name],
                forms[name],
                allowed,
                reverse(url_name, args=[obj.pk, name]),
            )
            for name, allowed in available.items()
        ]


@dataclass(frozen=True)
class Entry:
    action: Action
    form: forms.BaseForm
    allowed: object
    url: str

    @property
    def name(self):
        return self.action.name
