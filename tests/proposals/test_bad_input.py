"""Hostile input into every form of the proposal pages: a form error or a refusal, never a
500, never echoed or stored unescaped, never a state change on rejected input
(see tests/badinput.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import (
    Attachment,
    CompilationJob,
    CoSigner,
    NotRegisteredGround,
    Proposal,
    ProposalSettings,
    Reply,
    ReturnRequest,
)
from tests.badinput import SCRIPT, assert_safe, assert_survives_bad_input

from .hostile import DEEP, each_field_alone

pytestmark = pytest.mark.django_db
FEW = 10  # hypothesis examples per call, on top of the fixed hostile values


def _act(p, action):
    return reverse("proposals:act", args=[p.pk, action])


def _prefixed(action, fields):
    return [f"{action}-{f}" for f in fields]


def _detail_safe(client, p):
    response = client.get(reverse("proposals:detail", args=[p.pk]))
    assert response.status_code == 200
    assert_safe(response)
    return response.content.decode()


def _status_stays(p, status):
    def after(response):
        assert Proposal.objects.get(pk=p.pk).status == status

    return after


def _reset_status(p, status):
    """Put the proposal back after a hostile value that was valid, so the next one reaches the
    service again (and the stored values pile up for the escaping check)."""

    def after(response):
        Proposal.objects.filter(pk=p.pk).update(status=status)

    return after


# --- lists, exports, small GET views ---------------------------------------------------------


FILTER_FIELDS = ["q", "session", "status", "category", "unit", "kind", "overdue", "key", "page"]


def test_filter_form_on_the_list_and_the_export(registered, staff, leader, liaison, client_for):
    client = client_for(staff)
    assert_survives_bad_input(
        client, reverse("proposals:list"), FILTER_FIELDS, method="get", max_examples=FEW
    )
    assert_survives_bad_input(
        client, reverse("proposals:export"), FILTER_FIELDS, method="get", max_examples=5
    )
    # a liaison's list is restricted to their units: the same filters on another query
    assert_survives_bad_input(
        client_for(liaison), reverse("proposals:list"), ["unit", "q"], method="get", max_examples=3
    )


@pytest.mark.parametrize("name", ["mine", "compilation"])
def test_paged_lists_with_hostile_pages(name, registered, role_users, client_for, staff):
    from cppcc_portal.accounts.roles import Role

    user = {
        "mine": role_users[Role.MEMBER],
        "unit_queue": role_users[Role.UNIT_LIAISON],
        "leader": role_users[Role.LEADER],
    }.get(name, staff)
    assert_survives_bad_input(
        client_for(user),
        reverse(f"proposals:{name}"),
        ["page", "job"],
        method="get",
        max_examples=3,
    )


def test_similar_lookup(registered, member_user, client_for):
    assert_survives_bad_input(
        client_for(member_user),
        reverse("proposals:similar"),
        ["title", "exclude"],
        method="get",
        max_examples=15,
    )


def test_similar_lookup_with_unicode_digits(registered, member_user, client_for):
    """'²'.isdigit() is true but int('²') fails: the exclude id must not 500."""
    client = client_for(member_user)
    for value in ["²", "¹²³", "٣", "9" * 40]:
        response = client.get(reverse("proposals:similar"), {"title": "养老", "exclude": value})
        assert response.status_code == 200


def test_similar_lookup_with_a_nul_in_the_title(registered, member_user, client_for):
    """PostgreSQL refuses a NUL in a query parameter: the look-up finds nothing instead."""
    response = client_for(member_user).get(
        reverse("proposals:similar"), {"title": "社区养老\x00服务"}
    )
    assert response.status_code == 200
    assert registered.title not in response.content.decode()


# --- writing: ProposalForm on create, edit and autosave --------------------------------------


PROPOSAL_FIELDS = [
    "title",
    "category",
    "kind",
    "organisation",
    "analysis",
    "suggestions",
    "suggested_units",
]


def _valid_proposal(category, unit=None):
    data = {
        "title": "关于加强社区养老服务的建议",
        "category": category.pk,
        "kind": "individual",
        "organisation": "",
        "analysis": "分析",
        "suggestions": "建议",
    }
    if unit is not None:
        data["suggested_units"] = unit.pk
    return data


TEXT_FIELDS = ["title", "organisation", "analysis", "suggestions"]


def _hostile_text_then_choices(client, url, valid):
    """Hostile text with valid choices (so it is stored), then hostile choices with valid text."""
    for fields in (TEXT_FIELDS, ["category", "kind", "suggested_units"]):
        for value in DEEP:
            assert_safe(client.post(url, {**valid, **dict.fromkeys(fields, value)}))


def test_proposal_form_on_create(session, category, unit, member_user, client_for):
    client = client_for(member_user)
    url = reverse("proposals:create")
    assert_survives_bad_input(client, url, PROPOSAL_FIELDS, max_examples=FEW)
    valid = _valid_proposal(category, unit)
    _hostile_text_then_choices(client, url, valid)
    # every draft that was stored shows its text escaped
    for p in Proposal.objects.filter(title__contains="<script>")[:3]:
        _detail_safe(client, p)
        for fmt in ("docx", "pdf"):
            url = reverse("proposals:form_document", args=[p.pk, fmt])
            assert client.get(url).status_code == 200


def test_control_characters_are_a_form_error(
    session, category, registered, member_user, leader, client_for
):
    """Excel and Word refuse them: a stored one made the export a 500."""
    client = client_for(member_user)
    data = {**_valid_proposal(category), "title": "关于\x1b停车的建议"}
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["请删除文本中不可见的控制字符。"]
    assert not Proposal.objects.filter(title__contains="\x1b").exists()
    client = client_for(leader)
    response = client.post(_act(registered, "instruct"), {"instruct-text": "批示\x0b内容"})
    assert response.status_code == 400
    assert not registered.instructions.exists()


def test_proposal_form_on_edit_and_autosave(draft, category, unit, member_user, client_for):
    client = client_for(member_user)
    valid = _valid_proposal(category, unit)
    _hostile_text_then_choices(client, reverse("proposals:edit", args=[draft.pk]), valid)
    assert_survives_bad_input(
        client, reverse("proposals:autosave", args=[draft.pk]), PROPOSAL_FIELDS, max_examples=FEW
    )
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.Status.DRAFT
    _detail_safe(client, draft)
    response = client.get(reverse("proposals:edit", args=[draft.pk]))
    assert_safe(response)


def test_hostile_version_on_edit_and_autosave(draft, category, member_user, client_for):
    """The hidden version field is posted by the browser: a forged one is refused, not a 500."""
    client = client_for(member_user)
    valid = _valid_proposal(category)
    valid["title"] = "改过的标题"
    Proposal.objects.filter(pk=draft.pk).update(version=987_654)  # not among the hostile values
    for url in (
        reverse("proposals:edit", args=[draft.pk]),
        reverse("proposals:autosave", args=[draft.pk]),
    ):
        each_field_alone(client, url, valid, ["version"])
    draft.refresh_from_db()
    assert draft.title != valid["title"]  # no forged version was taken for the current one
    client.post(reverse("proposals:edit", args=[draft.pk]), {**valid, "version": draft.version})
    draft.refresh_from_db()
    assert draft.title == valid["title"]


def test_edit_with_a_non_numeric_version_is_a_form_error(draft, category, member_user, client_for):
    client = client_for(member_user)
    data = {**_valid_proposal(category), "title": "改过的标题", "version": "abc"}
    response = client.post(reverse("proposals:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    response = client.post(reverse("proposals:autosave", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "text-danger" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "改过的标题"


# --- the first proposer's actions on a draft -------------------------------------------------


def test_invite_form(draft, member_user, cosigner_users, client_for):
    client = client_for(member_user)
    assert_survives_bad_input(
        client, _act(draft, "invite"), _prefixed("invite", ["member"]), max_examples=FEW
    )
    assert not CoSigner.objects.filter(proposal=draft).exists()
    # the first proposer is not in the choices
    client.post(_act(draft, "invite"), {"invite-member": draft.first_proposer_id})
    assert not CoSigner.objects.filter(proposal=draft).exists()


def test_cosigner_form(draft, member_user, cosigner_users, client_for):
    services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    client = client_for(member_user)
    assert_survives_bad_input(
        client, _act(draft, "uninvite"), _prefixed("uninvite", ["cosigner"]), max_examples=FEW
    )
    assert CoSigner.objects.filter(proposal=draft).count() == 1


def test_attach_form(draft, member_user, client_for):
    client = client_for(member_user)
    url = _act(draft, "attach")
    assert_survives_bad_input(client, url, [], file_fields=["attach-file"], max_examples=15)
    assert_survives_bad_input(client, url, ["attach-file"], max_examples=5)  # text, not a file
    for att in Attachment.objects.filter(proposal=draft):
        assert att.name.rsplit(".", 1)[-1].lower() not in {"exe", "html"}
    _detail_safe(client, draft)


PDF = b"%PDF-1.4\n" + b"x" * 100
LONG_NAME = "a" * 300 + ".pdf"


def test_an_overlong_attachment_name_is_refused_not_cut(draft, member_user, client_for):
    """Attachment.name holds 200 characters: cutting a longer one lost its extension."""
    response = client_for(member_user).post(
        _act(draft, "attach"), {"attach-file": SimpleUploadedFile(LONG_NAME, PDF)}
    )
    assert response.status_code == 400
    assert not Attachment.objects.filter(proposal=draft).exists()


def test_an_overlong_reply_document_name_is_refused_not_cut(handling, liaison, client_for):
    """Reply.document_name holds 200 characters: cutting a longer one lost its extension."""
    client = client_for(liaison)
    lead = _lead(handling)
    client.post(_act(handling, "communicate"), _communication(handling, lead))
    response = client.post(
        _act(handling, "reply"),
        {
            "reply-assignment": lead.pk,
            "reply-result": "B",
            "reply-text": "已列入计划",
            "reply-signer": "王局长",
            "reply-document": SimpleUploadedFile(LONG_NAME, PDF),
        },
    )
    assert response.status_code == 400
    assert not handling.replies.exists()


def test_attachment_id_form(draft, member_user, client_for):
    good = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"x" * 100)
    services.add_attachment(actor=member_user, proposal=draft, file=good)
    client = client_for(member_user)
    assert_survives_bad_input(
        client, _act(draft, "unattach"), _prefixed("unattach", ["attachment"]), max_examples=FEW
    )
    assert Attachment.objects.filter(proposal=draft).count() == 1


def test_hostile_version_on_an_action(draft, member_user, client_for):
    client = client_for(member_user)
    each_field_alone(client, _act(draft, "invite"), {"invite-member": "-1"}, ["version"])
    for value in ["²", "٣", "9" * 40]:
        response = client.post(_act(draft, "submit"), {"version": value})
        assert_safe(response)
    assert Proposal.objects.get(pk=draft.pk).status in {"draft", "submitted"}


def test_hostile_action_names_and_ids(draft, member_user, client_for):
    client = client_for(member_user)
    for action in [SCRIPT, "x" * 5000, "__class__", "%00", "../edit"]:
        assert_safe(client.post(f"/proposals/{draft.pk}/act/{action}/"))
    for pk in ["-1", "0", "99999999999999999999", "abc"]:
        assert_safe(client.get(f"/proposals/{pk}/"))
        assert_safe(client.get(f"/proposals/attachment/{pk}/"))
        assert_safe(client.get(f"/proposals/reply/{pk}/document/"))
        assert_safe(client.post(f"/proposals/cosign/{pk}/confirm/", {"next": SCRIPT}))


def test_cosign_answer_with_hostile_next(draft, member_user, cosigner_users, client_for):
    c = services.invite_cosigner(actor=member_user, proposal=draft, member=cosigner_users[0].member)
    client = client_for(cosigner_users[0])
    url = reverse("proposals:cosign", args=[c.pk, "decline"])
    each_field_alone(client, url, {}, ["next"], values=[*DEEP, "x", "/ok\r\nSet-Cookie: a=1"])
    response = client.post(url, {"next": "//evil.example/"})
    assert not response["Location"].startswith("//evil")
    response = client.post(url, {"next": "x"})  # redirect() would take it for a view name
    assert response["Location"] == reverse("proposals:mine")


def test_comment_form_on_withdraw(submitted, member_user, client_for):
    client = client_for(member_user)
    assert_survives_bad_input(
        client,
        _act(submitted, "withdraw"),
        _prefixed("withdraw", ["comment"]),
        max_examples=FEW,
        after=_reset_status(submitted, Proposal.Status.SUBMITTED),
    )
    assert submitted.events.filter(comment__contains="<script>").exists()
    _detail_safe(client, submitted)


# --- staff review ----------------------------------------------------------------------------


def test_reason_form_on_return(submitted, staff, member_user, client_for):
    client = client_for(staff)
    assert_survives_bad_input(
        client,
        _act(submitted, "return"),
        _prefixed("return", ["comment"]),
        max_examples=FEW,
        after=_reset_status(submitted, Proposal.Status.SUBMITTED),
    )
    assert submitted.events.filter(comment__contains="<script>").exists()
    _detail_safe(client, submitted)
    _detail_safe(client_for(member_user), submitted)


def test_register_form(submitted, staff, client_for):
    Proposal.objects.filter(pk=submitted.pk).update(category=None)
    client = client_for(staff)
    # none of the junk is a category, and without one the proposal cannot be registered
    assert_survives_bad_input(
        client,
        _act(submitted, "register"),
        _prefixed("register", ["category"]),
        max_examples=FEW,
        after=_status_stays(submitted, Proposal.Status.SUBMITTED),
    )


def test_not_register_form(submitted, staff, client_for):
    ground = NotRegisteredGround.objects.filter(is_active=True).first()
    client = client_for(staff)
    url = _act(submitted, "not_register")
    assert_survives_bad_input(
        client,
        url,
        _prefixed("not_register", ["ground", "comment"]),
        max_examples=FEW,
        after=_status_stays(submitted, Proposal.Status.SUBMITTED),
    )
    if ground is not None:
        each_field_alone(
            client,
            url,
            {"not_register-ground": ground.pk},
            ["not_register-comment"],
            after=_reset_status(submitted, Proposal.Status.SUBMITTED),
        )
        _detail_safe(client, submitted)


def test_merge_form(submitted, registered_other, staff, client_for):
    client = client_for(staff)
    assert_survives_bad_input(
        client,
        _act(submitted, "merge"),
        _prefixed("merge", ["into"]),
        max_examples=FEW,
        after=_status_stays(submitted, Proposal.Status.SUBMITTED),
    )


@pytest.fixture
def registered_other(session, make_member_user, category, staff):
    u = make_member_user("另一位")
    p = services.create_draft(
        actor=u,
        session=session,
        title="另一份提案",
        analysis="a",
        suggestions="s",
        category=category,
    )
    services.submit(actor=u, proposal=p)
    return services.register(actor=staff, proposal=p)


def test_assign_form(registered, staff, unit, co_unit, client_for):
    client = client_for(staff)
    url = _act(registered, "assign")
    fields = _prefixed("assign", ["lead", "co_units", "split_units"])
    stays = _status_stays(registered, Proposal.Status.REGISTERED)
    assert_survives_bad_input(client, url, fields, max_examples=FEW, after=stays)
    # a valid lead with hostile co-units and split units: a unit twice or both ways is refused
    each_field_alone(client, url, {"assign-lead": unit.pk}, fields[1:], after=stays)
    response = client.post(url, {"assign-lead": unit.pk, "assign-co_units": [unit.pk]})
    assert_safe(response)
    response = client.post(url, {"assign-lead": unit.pk, "assign-split_units": [co_unit.pk]})
    assert_safe(response)
    assert Proposal.objects.get(pk=registered.pk).status == Proposal.Status.REGISTERED


def test_key_form(registered, staff, leader, client_for):
    client = client_for(staff)
    url = _act(registered, "key")
    assert_survives_bad_input(
        client, url, _prefixed("key", ["is_key", "leaders"]), max_examples=FEW
    )
    each_field_alone(client, url, {"key-is_key": "on"}, ["key-leaders"])
    # a staff member is not a leader: not offered, not stored
    client.post(url, {"key-is_key": "on", "key-leaders": [staff.pk]})
    assert not registered.supervising_leaders.filter(pk=staff.pk).exists()


def test_excellence_form(registered, staff, client_for):
    client = client_for(staff)
    assert_survives_bad_input(
        client,
        _act(registered, "excellence"),
        _prefixed("excellence", ["excellence"]),
        max_examples=FEW,
    )
    assert Proposal.objects.get(pk=registered.pk).excellence in dict(Proposal.Excellence.choices)


def test_instruction_form(registered, leader, client_for):
    client = client_for(leader)
    assert_survives_bad_input(
        client, _act(registered, "instruct"), _prefixed("instruct", ["text"]), max_examples=FEW
    )
    assert registered.instructions.filter(text__contains="<script>").exists()
    _detail_safe(client, registered)


@pytest.fixture
def key(registered, staff, leader):
    return services.set_key(actor=staff, proposal=registered, is_key=True, leaders=[leader])


def test_supervision_form(key, leader, client_for):
    client = client_for(leader)
    url = _act(key, "supervise")
    fields = _prefixed("supervise", ["kind", "occurred_on", "note"])
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    valid = {
        "supervise-kind": "visit",
        "supervise-occurred_on": timezone.localdate().isoformat(),
        "supervise-note": "走访",
    }
    each_field_alone(client, url, valid, fields)
    today = timezone.localdate()
    for s in key.supervisions.all():
        assert s.occurred_on <= today
    _detail_safe(client, key)


# --- units -----------------------------------------------------------------------------------


def _lead(p):
    return p.assignments.get(role="lead")


def test_assignment_form_on_sign_for(assigned, liaison, client_for):
    client = client_for(liaison)
    co = assigned.assignments.get(role="co")
    assert_survives_bad_input(
        client,
        _act(assigned, "sign_for"),
        _prefixed("sign_for", ["assignment"]),
        max_examples=FEW,
    )
    # another unit's assignment is refused
    response = client.post(_act(assigned, "sign_for"), {"sign_for-assignment": co.pk})
    assert response.status_code == 400
    assert not _lead(assigned).signed_at
    co.refresh_from_db()
    assert not co.signed_at


def test_return_request_form(assigned, liaison, client_for):
    client = client_for(liaison)
    lead = _lead(assigned)
    url = _act(assigned, "request_return")
    assert_survives_bad_input(
        client, url, _prefixed("request_return", ["assignment", "reason"]), max_examples=FEW
    )
    assert not ReturnRequest.objects.filter(assignment__proposal=assigned).exists()
    each_field_alone(client, url, {"request_return-assignment": lead.pk}, ["request_return-reason"])
    _detail_safe(client, assigned)


def _communication(p, lead):
    return {
        "communicate-assignment": lead.pk,
        "communicate-method": "phone",
        "communicate-occurred_on": timezone.localdate().isoformat(),
        "communicate-summary": "电话沟通",
    }


def test_communication_form(handling, liaison, client_for):
    client = client_for(liaison)
    lead = _lead(handling)
    url = _act(handling, "communicate")
    fields = _prefixed("communicate", ["assignment", "method", "occurred_on", "summary"])
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    each_field_alone(client, url, _communication(handling, lead), fields[1:])
    today = timezone.localdate()
    for c in handling.communications.all():
        assert c.occurred_on <= today
    _detail_safe(client, handling)


def test_views_form(assigned, liaison2, client_for):
    client = client_for(liaison2)
    co = assigned.assignments.get(role="co")
    url = _act(assigned, "views")
    assert_survives_bad_input(
        client, url, _prefixed("views", ["assignment", "views"]), max_examples=FEW
    )
    co.refresh_from_db()
    assert not co.views_at
    each_field_alone(client, url, {"views-assignment": co.pk}, ["views-views"])
    _detail_safe(client, assigned)


def test_reply_form(handling, liaison, client_for):
    # hostile text here; the signed document the switch requires is the services' test
    ProposalSettings.objects.update(reply_document_required=False)
    client = client_for(liaison)
    lead = _lead(handling)
    client.post(_act(handling, "communicate"), _communication(handling, lead))
    url = _act(handling, "reply")
    valid = {
        "reply-assignment": lead.pk,
        "reply-result": "B",
        "reply-text": "已列入计划",
        "reply-signer": "王局长",
        "reply-is_public": "on",
    }
    # every field hostile, the others valid; the first valid hostile reply moves it on
    stays = _status_stays(handling, Proposal.Status.HANDLING)
    assert_survives_bad_input(
        client,
        url,
        ["reply-assignment", "reply-result", "reply-signer"],
        extra={k: v for k, v in valid.items() if k == "reply-text"},
        file_fields=["reply-document"],
        max_examples=FEW,
        after=stays,
    )
    # hostile documents with an otherwise valid reply: refused, or stored with a safe name
    allowed = {"pdf", "ofd", "doc", "docx", "jpg", "png"}

    def undo_reply(response):
        for reply in Reply.objects.filter(proposal=handling):
            if reply.document:
                assert reply.document_name.rsplit(".", 1)[-1].lower() in allowed
                assert_safe(client.get(reverse("proposals:reply_document", args=[reply.pk])))
        Reply.objects.filter(proposal=handling).delete()
        Proposal.objects.filter(pk=handling.pk).update(status=Proposal.Status.HANDLING)

    pdf = b"%PDF-1.4\n" + b"x" * 100
    for name in [
        "../../x.pdf",
        SCRIPT + ".pdf",
        "a.pdf.exe",
        "a.exe",
        "\u202eexe.pdf",
        "a" * 300 + ".pdf",
    ]:
        document = SimpleUploadedFile(name, pdf)
        assert_safe(client.post(url, {**valid, "reply-document": document}))
        undo_reply(None)
    each_field_alone(client, url, valid, ["reply-assignment", "reply-result"], after=undo_reply)
    each_field_alone(client, url, valid, ["reply-signer", "reply-text"])
    assert handling.replies.filter(signer__contains="<script>").exists()
    _detail_safe(client, handling)


def test_extension_form(handling, liaison, client_for):
    client = client_for(liaison)
    lead = _lead(handling)
    url = _act(handling, "extension")
    valid = {
        "extension-assignment": lead.pk,
        "extension-until": (lead.due_on + timezone.timedelta(days=20)).isoformat(),
        "extension-reason": "需要调研",
    }
    fields = list(valid)
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    each_field_alone(client, url, valid, ["extension-assignment", "extension-until"])
    for r in lead.extensions.all():
        assert r.requested_until > lead.due_on
    lead.extensions.all().delete()
    each_field_alone(
        client,
        url,
        valid,
        ["extension-reason"],
        after=lambda response: lead.extensions.filter(state="pending").update(state="rejected"),
    )
    _detail_safe(client, handling)


def test_decision_form_on_a_return_request(assigned, liaison, staff, client_for):
    lead = _lead(assigned)
    req = services.request_return(actor=liaison, assignment=lead, reason="不属于本单位")
    client = client_for(staff)
    url = _act(assigned, "decide_return")
    fields = _prefixed("decide_return", ["request", "approve", "note"])
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    req.refresh_from_db()
    assert req.state == "pending"
    each_field_alone(
        client,
        url,
        {"decide_return-request": req.pk, "decide_return-approve": "0", "decide_return-note": "x"},
        ["decide_return-approve", "decide_return-request"],
        values=[v for v in DEEP if v not in {"0", "-1"}],
    )
    req.refresh_from_db()
    assert req.state == "pending"


def test_decision_form_on_an_extension(handling, liaison, staff, client_for):
    lead = _lead(handling)
    until = lead.due_on + timezone.timedelta(days=20)
    req = services.request_extension(actor=liaison, assignment=lead, until=until, reason="调研")
    client = client_for(staff)
    url = _act(handling, "decide_extension")
    fields = _prefixed("decide_extension", ["request", "approve", "note"])
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    req.refresh_from_db()
    assert req.state == "pending"
    due = lead.due_on
    lead.refresh_from_db()
    assert lead.due_on == due


def test_rate_form(replied, liaison, client_for):
    client = client_for(liaison)
    lead = _lead(replied)
    url = _act(replied, "rate")
    fields = _prefixed("rate", ["assignment", "topic", "analysis", "feasibility", "comment"])
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    for q in replied.quality_ratings.all():
        assert {q.topic, q.analysis, q.feasibility} <= {1, 2, 3, 4, 5}
    valid = {"rate-assignment": lead.pk, "rate-topic": 5, "rate-analysis": 4, "rate-feasibility": 3}
    each_field_alone(client, url, valid, ["rate-comment"])
    _detail_safe(client, replied)


def test_evaluate_form(replied, member_user, client_for):
    client = client_for(member_user)
    url = _act(replied, "evaluate")
    fields = ["satisfaction", "score_before", "score_during", "score_reply", "comment"]
    stays = _status_stays(replied, Proposal.Status.REPLIED)
    assert_survives_bad_input(
        client, url, _prefixed("evaluate", fields), max_examples=FEW, after=stays
    )
    assert not replied.evaluations.exists()
    valid = {
        "evaluate-satisfaction": "satisfied",
        "evaluate-score_before": 5,
        "evaluate-score_during": 5,
        "evaluate-score_reply": 5,
    }
    each_field_alone(client, url, valid, ["evaluate-comment"])
    _detail_safe(client, replied)


# --- bulk and compilation --------------------------------------------------------------------


def test_bulk_form(submitted, registered_other, staff, unit, client_for):
    client = client_for(staff)
    url = reverse("proposals:bulk")
    assert_survives_bad_input(client, url, ["action", "ids", "lead", "co_units"], max_examples=FEW)
    assert_survives_bad_input(
        client, url, ["ids", "lead"], extra={"action": "assign"}, max_examples=3
    )
    assert Proposal.objects.get(pk=registered_other.pk).status == Proposal.Status.REGISTERED
    assert_safe(client.get(reverse("proposals:list")))  # the queued form errors, escaped
    # a hostile Referer does not send the staff member off-site
    response = client.post(url, {"action": "x"}, HTTP_REFERER="https://evil.example/")
    assert "evil" not in response["Location"]
    # nor does a Referer that redirect() would take for a view name raise a 500
    for referer in ["x", "/ok\r\nSet-Cookie: a=1"]:
        response = client.post(url, {"action": "x"}, HTTP_REFERER=referer)
        assert response.status_code == 302
        assert response["Location"] == reverse("proposals:list")
    response = client.post(url, {"action": "x"}, HTTP_REFERER=SCRIPT)
    assert "<" not in response["Location"]


def test_compilation_form(session, staff, client_for):
    client = client_for(staff)
    url = reverse("proposals:compilation")
    assert_survives_bad_input(client, url, ["session"], max_examples=FEW)
    assert not CompilationJob.objects.exists()
    assert_survives_bad_input(client, url, ["job"], method="get", max_examples=5)
    for value in ["²", "٣", "9" * 40]:
        assert client.get(url, {"job": value}).status_code == 200
