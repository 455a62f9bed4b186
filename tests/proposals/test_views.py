"""Every view × every role: who may (200) and who may not (403/404) — never a leak."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from proposals import services
from proposals.models import Proposal

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]


def _status(client_for, user, url, method="get", **kw):
    client = client_for(user)
    return getattr(client, method)(url, **kw).status_code


LIST_VIEWS = {
    "proposals:list": {Role.PROPOSAL_STAFF, Role.LEADER, Role.UNIT_LIAISON, "superuser"},
    "proposals:export": {Role.PROPOSAL_STAFF, Role.LEADER, Role.UNIT_LIAISON, "superuser"},
    "proposals:mine": {Role.MEMBER},
    "proposals:create": {Role.MEMBER},
    "proposals:review": {Role.PROPOSAL_STAFF, "superuser"},
    "proposals:overdue": {Role.PROPOSAL_STAFF, Role.LEADER, "superuser"},
    "proposals:unit_queue": {Role.UNIT_LIAISON, "superuser"},
    "proposals:leader": {Role.LEADER, "superuser"},
    "proposals:compilation": {Role.PROPOSAL_STAFF, Role.LEADER, "superuser"},
    "proposals:similar": {Role.MEMBER, Role.PROPOSAL_STAFF, "superuser"},
}


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("name", list(LIST_VIEWS))
def test_list_views_by_role(role, name, role_users, client_for, session):
    code = _status(client_for, role_users[role], reverse(name) + "?title=养老服务")
    assert code == (200 if role in LIST_VIEWS[name] else 403), (name, role, code)


@pytest.mark.parametrize("role", ALL)
def test_detail_of_submitted_proposal(role, role_users, client_for, session, category):
    member = role_users[Role.MEMBER]
    p = services.create_draft(
        actor=member,
        session=session,
        title="关于停车难的建议",
        analysis="a",
        suggestions="s",
        category=category,
    )
    services.submit(actor=member, proposal=p)
    may = {Role.MEMBER, Role.PROPOSAL_STAFF, Role.LEADER, "superuser"}
    for url in (
        reverse("proposals:detail", args=[p.pk]),
        reverse("proposals:form_document", args=[p.pk, "docx"]),
    ):
        code = _status(client_for, role_users[role], url)
        assert code == (200 if role in may else 404), (url, role, code)


@pytest.mark.parametrize("role", ALL)
def test_draft_is_private(role, role_users, client_for, session, category):
    member = role_users[Role.MEMBER]
    p = services.create_draft(actor=member, session=session, title="草稿", category=category)
    may = {Role.MEMBER}
    for name in ("proposals:detail", "proposals:edit"):
        code = _status(client_for, role_users[role], reverse(name, args=[p.pk]))
        assert code == (200 if role in may else 404), (name, role, code)


def test_member_cannot_open_anothers_draft(draft, make_member_user, client_for):
    other = make_member_user("别人")
    assert _status(client_for, other, reverse("proposals:detail", args=[draft.pk])) == 404
    assert _status(client_for, other, reverse("proposals:edit", args=[draft.pk])) == 404
    code = _status(
        client_for, other, reverse("proposals:act", args=[draft.pk, "submit"]), method="post"
    )
    assert code == 404


def test_unit_sees_only_assigned(assigned, liaison, make_user, client_for, other_unit):
    stranger = make_user(Role.UNIT_LIAISON)
    other_unit.liaisons.add(stranger)
    url = reverse("proposals:detail", args=[assigned.pk])
    assert _status(client_for, liaison, url) == 200
    assert _status(client_for, stranger, url) == 404
    client = client_for(stranger)
    assert assigned.title not in client.get(reverse("proposals:list")).content.decode()


@pytest.mark.parametrize("role", ALL)
def test_actions_refused_to_others(role, role_users, client_for, session, category):
    member = role_users[Role.MEMBER]
    p = services.create_draft(
        actor=member,
        session=session,
        title="关于停车难的建议",
        analysis="a",
        suggestions="s",
        category=category,
    )
    services.submit(actor=member, proposal=p)
    code = _status(
        client_for,
        role_users[role],
        reverse("proposals:act", args=[p.pk, "register"]),
        method="post",
    )
    if role in {Role.PROPOSAL_STAFF, "superuser"}:
        assert code == 302
        assert Proposal.objects.get(pk=p.pk).status == "registered"
    else:
        assert code in {403, 404}
        assert Proposal.objects.get(pk=p.pk).status == "submitted"


def test_member_writes_and_submits(member_user, client_for, session, category):
    client = client_for(member_user)
    r = client.post(
        reverse("proposals:create"),
        {
            "title": "关于加快老旧小区改造的建议",
            "kind": "individual",
            "category": category.pk,
            "analysis": "问题",
            "suggestions": "建议",
        },
    )
    assert r.status_code == 302
    p = Proposal.objects.get()
    r = client.post(
        reverse("proposals:autosave", args=[p.pk]),
        {
            "title": "关于加快老旧小区改造的建议（修改）",
            "kind": "individual",
            "category": category.pk,
            "analysis": "问题2",
            "suggestions": "建议",
            "version": p.version,
        },
    )
    assert r.status_code == 200 and "text-success" in r.content.decode()
    p.refresh_from_db()
    assert p.analysis == "问题2"
    r = client.post(reverse("proposals:act", args=[p.pk, "submit"]), {"version": p.version})
    assert r.status_code == 302
    assert Proposal.objects.get().status == "submitted"


def test_empty_and_oversized_fields_refused(member_user, client_for, session, category):
    client = client_for(member_user)
    r = client.post(reverse("proposals:create"), {"title": "", "kind": "individual"})
    assert r.status_code == 200 and not Proposal.objects.exists()
    r = client.post(
        reverse("proposals:create"),
        {"title": "长" * 101, "kind": "individual", "analysis": "x" * 20001},
    )
    assert r.status_code == 200 and not Proposal.objects.exists()


def test_stale_form_refused(submitted, staff, client_for):
    client = client_for(staff)
    url = reverse("proposals:act", args=[submitted.pk, "return"])
    stale = submitted.version
    services.register(actor=staff, proposal=submitted)
    r = client.post(url, {"version": stale, "return-comment": "x"})
    assert r.status_code in {400, 403}
    assert Proposal.objects.get(pk=submitted.pk).status == "registered"


def test_fake_attachment_refused(draft, member_user, client_for):
    client = client_for(member_user)
    fake = SimpleUploadedFile(
        "报告.pdf", b"this is not a pdf at all", content_type="application/pdf"
    )
    r = client.post(
        reverse("proposals:act", args=[draft.pk, "attach"]),
        {"attach-file": fake, "version": draft.version},
    )
    assert r.status_code == 400
    assert not draft.attachments.exists()
    good = SimpleUploadedFile("图.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    r = client.post(
        reverse("proposals:act", args=[draft.pk, "attach"]),
        {"attach-file": good, "version": draft.version},
    )
    assert r.status_code == 302
    att = draft.attachments.get()
    assert client.get(reverse("proposals:attachment", args=[att.pk])).status_code == 200


def test_attachment_hidden_from_others(draft, member_user, client_for, make_member_user):
    good = SimpleUploadedFile("图.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    att = services.add_attachment(actor=member_user, proposal=draft, file=good)
    other = make_member_user("别人")
    assert _status(client_for, other, reverse("proposals:attachment", args=[att.pk])) == 404


def test_unit_journey_by_views(assigned_alone, liaison, staff, client_for):
    assigned = assigned_alone
    client = client_for(liaison)
    lead = assigned.assignments.get(role="lead")
    p = Proposal.objects.get(pk=assigned.pk)
    r = client.post(
        reverse("proposals:act", args=[p.pk, "sign_for"]), {"sign_for-assignment": lead.pk}
    )
    assert r.status_code == 302
    r = client.post(
        reverse("proposals:act", args=[p.pk, "communicate"]),
        {
            "communicate-assignment": lead.pk,
            "communicate-method": "phone",
            "communicate-occurred_on": timezone.localdate().isoformat(),
            "communicate-summary": "电话沟通",
        },
    )
    assert r.status_code == 302
    doc = SimpleUploadedFile("答复.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    r = client.post(
        reverse("proposals:act", args=[p.pk, "reply"]),
        {
            "reply-assignment": lead.pk,
            "reply-result": "B",
            "reply-text": "已列入计划",
            "reply-signer": "王局长",
            "reply-document": doc,
            "reply-is_public": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    reply = p.replies.get()
    assert reply.status == "reviewing"  # no co-unit: straight to the review by staff
    assert Proposal.objects.get(pk=p.pk).status == "handling"
    assert client.get(reverse("proposals:reply_document", args=[reply.pk])).status_code == 200
    client.force_login(staff)
    r = client.post(
        reverse("proposals:act", args=[p.pk, "review_reply"]),
        {
            "review_reply-draft": f"{reply.pk}:{reply.version}",
            "review_reply-decision": "release",
            "review_reply-result": "B",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Proposal.objects.get(pk=p.pk).status == "replied"


def test_excel_export(registered, staff, client_for):
    r = client_for(staff).get(reverse("proposals:export"))
    assert r.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb.active.values)
    assert rows[1][1] == registered.title


def test_search_chinese_substring(registered, staff, client_for):
    r = client_for(staff).get(reverse("proposals:list"), {"q": "养老服务"})
    assert registered.title in r.content.decode()
    r = client_for(staff).get(reverse("proposals:list"), {"q": "高铁"})
    assert registered.title not in r.content.decode()


def test_similar_lookup(registered, member_user, client_for):
    r = client_for(member_user).get(reverse("proposals:similar"), {"title": "完善社区养老服务体系"})
    assert registered.title in r.content.decode()


def test_bulk_register_view(submitted, draft_other, staff, client_for):
    r = client_for(staff).post(
        reverse("proposals:bulk"),
        {"action": "register", "ids": [submitted.pk, draft_other.pk]},
        follow=True,
    )
    html = r.content.decode()
    assert Proposal.objects.get(pk=submitted.pk).status == "registered"
    assert draft_other.title in html


@pytest.fixture
def draft_other(session, make_member_user, category):
    u = make_member_user("另一位")
    return services.create_draft(actor=u, session=session, title="另一份草稿", category=category)


def test_compilation_built_and_downloaded(registered, staff, client_for, session, settings):
    client = client_for(staff)
    from proposals.documents import build_compilation, start_compilation

    job = start_compilation(actor=staff, session=session)
    build_compilation(job.pk)
    r = client.get(reverse("proposals:compilation_status", args=[job.pk]))
    assert "100%" in r.content.decode()
    r = client.get(reverse("proposals:compilation_download", args=[job.pk]))
    assert r.status_code == 200
    from docx import Document

    doc = Document(io.BytesIO(b"".join(r.streaming_content)))
    text = "\n".join(para.text for para in doc.paragraphs)
    text += "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert f"第{registered.number:04d}号" in text  # in the catalogue
    assert text.count(registered.title) >= 2  # the catalogue line and the proposal itself


def test_admin_history_and_read_only_status(registered, make_user, client_for):
    admin_user = make_user(is_superuser=True, is_staff=True)
    client = client_for(admin_user)
    r = client.get(reverse("admin:proposals_proposal_change", args=[registered.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="status"' not in html  # the workflow alone moves a proposal
    history = reverse("admin:proposals_proposalhistory_changelist")
    r = client.get(history, {"pgh_obj__id__exact": registered.pk})
    assert r.status_code == 200 and "?e=1" not in r.get("Location", "")


def test_autosave_leaves_action_forms_valid(draft, member_user, client_for, category):
    client = client_for(member_user)
    version = draft.version
    client.post(
        reverse("proposals:autosave", args=[draft.pk]),
        {
            "title": "改过的标题",
            "kind": "individual",
            "category": category.pk,
            "analysis": "分析",
            "suggestions": "建议",
        },
    )
    r = client.post(reverse("proposals:act", args=[draft.pk, "submit"]), {"version": version})
    assert r.status_code == 302
    assert Proposal.objects.get(pk=draft.pk).status == "submitted"


@pytest.mark.parametrize("who", ["member", "staff", "liaison"])
def test_menu_badges(
    who, assigned, submitted_other, member_user, staff, liaison, client_for, cosigner_users
):
    users = {"member": cosigner_users[0], "staff": staff, "liaison": liaison}
    r = client_for(users[who]).get(reverse("nav_counts"))
    assert r.status_code == 200


@pytest.fixture
def submitted_other(session, make_member_user, category, cosigner_users):
    u = make_member_user("邀请人")
    p = services.create_draft(
        actor=u,
        session=session,
        title="另一份提案",
        analysis="a",
        suggestions="s",
        category=category,
    )
    services.invite_cosigner(actor=u, proposal=p, member=cosigner_users[0].member)
    return services.submit(actor=u, proposal=p)
