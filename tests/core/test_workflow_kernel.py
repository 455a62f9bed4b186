"""The workflow kernel every part uses: the state table, the version guard, the timeline and
the one action view."""

from dataclasses import dataclass

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from cppcc_portal.core.workflow import (
    Action,
    Actions,
    StateMachine,
    StateMeta,
    bump,
    lock,
    parse_version,
    record,
)
from cppcc_portal.core.workflow.machine import transition
from cppcc_portal.core.workflow.views import run_action
from proposals.models import Proposal, ProposalEvent
from tests.proposals.factories import ProposalFactory


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    OFF = "off", "Off"


@dataclass(frozen=True)
class LightMeta(StateMeta):
    lit: bool = False


def machine():
    return StateMachine(
        field="state",
        states=Light,
        transitions={
            "go": transition({Light.RED}, Light.GREEN, "Go"),
            "stop": transition({Light.GREEN}, Light.RED, "Stop"),
            "switch_off": transition({Light.RED, Light.GREEN}, Light.OFF, "Switch off"),
            "note": transition({Light.RED, Light.GREEN}, None, "Note"),
        },
        meta_table={
            Light.RED: LightMeta(lit=True, badge="danger"),
            Light.GREEN: LightMeta(lit=True, badge="success"),
            Light.OFF: LightMeta(terminal=True),
        },
    )


class Lamp:
    def __init__(self, state):
        self.state = state


def test_the_table_answers_can_meta_and_states_where():
    m = machine()
    red = Lamp(Light.RED)
    assert m.can(red, "go") and not m.can(red, "stop")
    assert m.meta(red).lit and m.meta("off").terminal
    assert m.states_where("lit") == {Light.RED, Light.GREEN}
    assert m.actions_from(red) == ["go", "switch_off", "note"]
    assert m.check(red, "note").target is None


def test_an_illegal_move_is_refused_naming_the_state_and_the_move():
    with pytest.raises(ValidationError) as caught:
        machine().check(Lamp(Light.OFF), "go")
    assert caught.value.code == "state"
    assert "Off" in caught.value.messages[0] and "Go" in caught.value.messages[0]


def test_a_state_without_meta_or_an_unknown_state_does_not_start():
    with pytest.raises(AssertionError, match="without a meta row"):
        StateMachine(field="state", states=Light, transitions={}, meta_table={})
    with pytest.raises(AssertionError, match="unknown states"):
        StateMachine(
            field="state",
            states=Light,
            transitions={"x": transition({"blue"}, Light.RED, "X")},
            meta_table={s: LightMeta() for s in Light.values},
        )


@pytest.mark.parametrize(
    ("posted", "read"), [("3", 3), ("x", None), ("-1", None), (None, None), ("1e3", None)]
)
def test_a_posted_version_is_a_whole_number_or_nothing(posted, read):
    assert parse_version(posted) == read


@pytest.mark.django_db
def test_lock_refuses_a_stale_version_and_bump_moves_it_on(term):
    p = ProposalFactory()
    seen = Proposal.objects.get(pk=p.pk)
    locked = lock(p)
    bump(locked, "title")
    assert Proposal.objects.get(pk=p.pk).version == seen.version + 1
    with pytest.raises(ValidationError) as caught:
        lock(seen)  # built on the old version
    assert caught.value.code == "stale"
    assert lock(seen, version=locked.version).pk == p.pk  # the page named the new one


@pytest.mark.django_db
def test_record_writes_a_timeline_event(term, make_user):
    p = ProposalFactory()
    staff = make_user("proposal_staff")
    event = record(
        ProposalEvent,
        proposal=p,
        actor=staff,
        action="register",
        from_state="submitted",
        to_state="registered",
        comment="x" * 5000,
    )
    event.refresh_from_db()
    assert (event.actor, event.from_state, event.to_state) == (staff, "submitted", "registered")
    assert len(event.comment) == 4000 and event.at is not None
    anonymous = record(ProposalEvent, proposal=p, actor=None, action="system")
    assert anonymous.actor is None


# --- the action table and the one action view ------------------------------------------------


class NoteForm(forms.Form):
    text = forms.CharField(max_length=5)

    def __init__(self, *args, lamp=None, **kwargs):
        super().__init__(*args, **kwargs)


def _actions(calls, *, refuse=None):
    def run(request, lamp, data):
        if refuse is not None:
            raise refuse
        calls.append(data["text"])

    return Actions(
        Action(
            "note",
            "Note",
            NoteForm,
            run=run,
            success="Noted.",
            allowed=lambda user, lamp: user.username == "ok" and [lamp],
            form_kwargs=lambda request, lamp, allowed: {"lamp": lamp},
        ),
        Action("never", "Never", NoteForm, run=run, success="", allowed=lambda u, o: False),
    )


class User:
    is_authenticated = True

    def __init__(self, username):
        self.username = username


class Record:
    pk = 7

    def get_absolute_url(self):
        return "/records/7/"


def _post(data, user="ok"):
    request = RequestFactory().post("/records/7/act/note/", data)
    request.user = User(user)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _render(request, obj, form, status):
    return HttpResponse(f"page {status} {sorted(form.errors)}", status=status)


def test_available_actions_are_those_the_rule_admits():
    actions = _actions([])
    obj = Record()
    assert actions.available(User("ok"), obj) == {"note": [obj]}
    assert actions.available(User("other"), obj) == {}


def _closed(obj):
    if getattr(obj, "closed", False):
        raise ValidationError("closed term", code="term_closed")


def test_a_record_the_write_guard_refuses_is_offered_no_write(monkeypatch):
    from cppcc_portal.core.workflow import read_only, records, write_refusal

    monkeypatch.setattr(records, "_WRITE_GUARDS", [_closed])
    look = Action("look", "Look", NoteForm, success="", allowed=lambda u, o: True, writes=False)
    actions = Actions(*_actions([]), look)
    obj = Record()
    assert set(actions.available(User("ok"), obj)) == {"note", "look"}
    assert not read_only(obj)
    obj.closed = True
    assert actions.available(User("ok"), obj) == {"look": True}  # only what writes nothing
    assert read_only(obj, fresh=False) and write_refusal(obj).code == "term_closed"
    del obj.closed
    assert read_only(obj, fresh=False)  # what the page found while it was being built …
    assert not read_only(obj)  # … and asked afresh


@pytest.mark.django_db
def test_lock_refuses_by_the_same_write_guard(monkeypatch):
    from cppcc_portal.core.workflow import records

    p = ProposalFactory()
    monkeypatch.setattr(records, "_WRITE_GUARDS", [lambda obj: _closed(p)])
    lock(p)
    p.closed = True
    with pytest.raises(ValidationError) as exc:
        lock(p)
    assert exc.value.code == "term_closed"


def test_the_action_view_runs_the_service_and_goes_back_to_the_record():
    calls = []
    response = run_action(
        _post({"note-text": "hello"}), Record(), _actions(calls), "note", render_page=_render
    )
    assert response.status_code == 302 and response["Location"] == "/records/7/"
    assert calls == ["hello"]


def test_the_action_view_refuses_unknown_forbidden_and_get():
    actions = _actions([])
    with pytest.raises(Http404):
        run_action(_post({}), Record(), actions, "nope", render_page=_render)
    with pytest.raises(PermissionDenied):
        run_action(_post({}, user="other"), Record(), actions, "note", render_page=_render)
    with pytest.raises(PermissionDenied):
        run_action(_post({}), Record(), actions, "never", render_page=_render)
    get = RequestFactory().get("/")
    assert run_action(get, Record(), actions, "note", render_page=_render).status_code == 405


def test_bad_input_and_a_refusal_come_back_on_the_page_with_the_errors():
    calls = []
    response = run_action(
        _post({"note-text": "too long"}), Record(), _actions(calls), "note", render_page=_render
    )
    assert response.status_code == 400 and b"text" in response.content and not calls
    refusal = ValidationError({"text": "no"})
    response = run_action(
        _post({"note-text": "hi"}),
        Record(),
        _actions([], refuse=refusal),
        "note",
        render_page=_render,
    )
    assert response.status_code == 400 and b"text" in response.content


def test_the_success_message_may_depend_on_what_the_service_returned():
    action = Action(
        "count",
        "Count",
        NoteForm,
        success=lambda n: f"{n} done.",
        allowed=lambda u, o: True,
        run=lambda request, obj, data: 3,
    )
    request = _post({"count-text": "x"})
    response = run_action(request, Record(), Actions(action), "count", render_page=_render)
    assert response.status_code == 302
    assert [str(m) for m in request._messages] == ["3 done."]


class VersionedRecord(Record):
    version = 4


def test_an_action_no_longer_open_on_a_record_that_moved_on_is_stale_not_forbidden():
    """The page was built on version 3; someone else's step (version 4) closed the action."""
    actions = _actions([])
    response = run_action(
        _post({"note-text": "hi", "version": "3"}, user="other"),
        VersionedRecord(),
        actions,
        "note",
        render_page=_render,
    )
    assert response.status_code == 400 and b"__all__" in response.content
    with pytest.raises(PermissionDenied):  # the same version: simply not allowed
        run_action(
            _post({"note-text": "hi", "version": "4"}, user="other"),
            VersionedRecord(),
            actions,
            "note",
            render_page=_render,
        )
