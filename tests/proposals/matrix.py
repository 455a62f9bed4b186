"""Permission matrix declarations for the proposal pipeline."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from proposals import services
from proposals.models import CompilationJob, ProposalCategory
from tests.factories import MemberFactory, SessionFactory, TermFactory, UserFactory
from tests.matrix.registry import Case

from .factories import HandlingUnitFactory, release_reply

STAFF = {"proposal_staff", "superuser"}
READ_ALL = STAFF | {"leader"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

EXPECT = {
    "proposals:list": READ_ALL | {"unit_liaison"},
    "proposals:export": READ_ALL | {"unit_liaison"},
    "proposals:mine": {"member"},
    "proposals:home_member": {"member", "superuser"},
    "proposals:create": {"member"},
    "proposals:review": STAFF,
    "proposals:overdue": READ_ALL,
    "proposals:unit_queue": {"unit_liaison", "superuser"},
    "proposals:leader": {"leader", "superuser"},
    "proposals:compilation": READ_ALL,
    "proposals:similar": STAFF | {"member"},
    "proposals:prereview": STAFF | {"member"},
    "proposals:topics": STAFF | {"member"},
    "proposals:topic_create": STAFF,  # POST only: admitted roles get 405 on GET
    "proposals:bulk": STAFF,
    "proposals:instruction_requests": {"leader", "superuser"},
    "proposals:enter": STAFF,
    "proposals:dissatisfied": READ_ALL,
    "proposals:excellent": READ_ALL | {"member"},
}


def _setup(users):
    session = SessionFactory(term=TermFactory())
    category = ProposalCategory.objects.get_or_create(name="社会建设")[0]
    member = users["member"]
    draft = services.create_draft(
        actor=member, session=session, title="矩阵草稿", category=category
    )
    other_user = _another_member()
    submitted = services.create_draft(
        actor=other_user,
        session=session,
        title="矩阵已提交",
        analysis="a",
        suggestions="s",
        category=category,
    )
    services.submit(actor=other_user, proposal=submitted)
    return locals()


def _another_member():
    user = UserFactory(roles=["member"])
    MemberFactory(user=user, name="矩阵他人")
    return user


def _assigned(users, *, with_reply=False):
    env = _setup(users)
    staff, liaison, member = users["proposal_staff"], users["unit_liaison"], users["member"]
    unit = HandlingUnitFactory(name="矩阵单位")
    unit.liaisons.add(liaison)
    liaison._proposal_unit_ids = None
    p = services.create_draft(
        actor=member,
        session=env["session"],
        title="矩阵交办",
        analysis="a",
        suggestions="s",
        category=env["category"],
    )
    services.submit(actor=member, proposal=p)
    services.register(actor=staff, proposal=p)
    services.assign(actor=staff, proposal=p, lead=unit)
    reply = None
    if with_reply:
        a = p.assignments.get()
        services.sign_for(actor=liaison, assignment=a)
        services.record_communication(
            actor=liaison,
            assignment=a,
            method="phone",
            occurred_on=timezone.localdate(),
            summary="x",
        )
        reply = release_reply(liaison=liaison, assignment=a, staff=staff, result="A")
    return p, reply


def _detail(users):
    env = _setup(users)
    assigned, _reply = _assigned(users)
    return [
        Case({"pk": env["draft"].pk}, {"member"}, "the member's own draft"),
        Case({"pk": env["submitted"].pk}, READ_ALL, "another member's submitted proposal"),
        Case({"pk": assigned.pk}, READ_ALL | {"member", "unit_liaison"}, "assigned to the unit"),
    ]


def _form_document(users):
    env = _setup(users)
    assigned, _reply = _assigned(users)
    return [
        Case({"pk": env["draft"].pk, "fmt": "docx"}, {"member"}, "the member's own draft"),
        Case({"pk": env["submitted"].pk, "fmt": "pdf"}, READ_ALL, "a submitted proposal"),
        Case(
            {"pk": assigned.pk, "fmt": "docx"},
            READ_ALL | {"member", "unit_liaison"},
            "assigned to the unit",
        ),
    ]


def _blank_form(users):
    return [Case({"fmt": fmt}, STAFF | {"member"}, "the blank form") for fmt in ("docx", "pdf")]


def _registration_notice(users):
    assigned, _reply = _assigned(users)
    env = _setup(users)
    return [
        Case({"pk": assigned.pk, "fmt": "pdf"}, READ_ALL | {"member"}, "registered: not units"),
        Case({"pk": env["submitted"].pk, "fmt": "docx"}, set(), "not reviewed yet: no notice"),
    ]


def _assignment_notice(users):
    assigned, _reply = _assigned(users)
    a = assigned.assignments.get()
    return [
        Case({"pk": a.pk, "fmt": fmt}, READ_ALL | {"unit_liaison"}, "the unit's assignment")
        for fmt in ("docx", "pdf")
    ]


def _reply_letter(users):
    _p, reply = _assigned(users, with_reply=True)
    admitted = READ_ALL | {"member", "unit_liaison"}
    return [Case({"pk": reply.pk, "fmt": f}, admitted, "released reply") for f in ("docx", "pdf")]


def _own_draft(users):
    return [Case({"pk": _setup(users)["draft"].pk}, {"member"}, "own draft")]


def _autosave(users):
    return [Case({"pk": _setup(users)["draft"].pk}, {"member"}, "own draft", method="post")]


def _topic(what):
    def provide(users):
        from proposals.topics import services as topics

        session = SessionFactory(term=TermFactory())
        topic = topics.publish_topic(
            actor=users["proposal_staff"], session=session, title=f"矩阵选题{what}", source="party"
        )
        if what == "publish":
            return [Case({"pk": topic.pk}, STAFF, "a topic", "post", {302})]
        return [Case({"pk": topic.pk}, {"member"}, "a published topic", "post", {302})]

    return provide


def _prereview_proposal(users):
    env = _setup(users)
    return [
        Case({"pk": env["draft"].pk}, {"member"}, "own draft"),
        Case({"pk": env["submitted"].pk}, STAFF, "another member's submitted proposal"),
    ]


def _act(users):
    env = _setup(users)
    return [
        Case(
            {"pk": env["submitted"].pk, "action": "return"},
            STAFF,
            "return without reason",
            method="post",
            ok={400},
        ),
        Case(
            {"pk": env["draft"].pk, "action": "invite"},
            {"member"},
            "invite without member",
            method="post",
            ok={400},
        ),
    ]


def _cosign(users):
    env = _setup(users)
    inviter = env["other_user"]
    p = services.create_draft(
        actor=inviter, session=env["session"], title="邀请", category=env["category"]
    )
    c = services.invite_cosigner(actor=inviter, proposal=p, member=users["member"].member)
    return [
        Case(
            {"pk": c.pk, "answer": "decline"}, {"member"}, "own invitation", method="post", ok={302}
        )
    ]


def _attachment(users):
    env = _setup(users)
    att = services.add_attachment(
        actor=users["member"], proposal=env["draft"], file=SimpleUploadedFile("图.png", PNG)
    )
    return [Case({"pk": att.pk}, {"member"}, "attachment of own draft")]


def _reply_document(users):
    _p, reply = _assigned(users, with_reply=True)
    return [Case({"pk": reply.pk}, READ_ALL | {"member", "unit_liaison"}, "reply document")]


def _job(users, done=False):
    env = _setup(users)
    job = CompilationJob.objects.create(session=env["session"])
    if done:
        from proposals.documents import build_compilation

        build_compilation(job.pk)
    return job


def _compilation_status(users):
    return [Case({"pk": _job(users).pk}, READ_ALL, "a compilation")]


def _compilation_download(users):
    return [Case({"pk": _job(users, done=True).pk}, READ_ALL, "a finished compilation")]


def _compilation_download_as(users):
    job = _job(users, done=True)
    return [
        Case({"pk": job.pk, "fmt": f}, READ_ALL, "a finished compilation") for f in ("docx", "pdf")
    ]


def _instruction_request_ask(users):
    p, _reply = _assigned(users)
    return [Case({"pk": p.pk}, STAFF, "ask without a leader", method="post", ok={400})]


def _instruction_request_withdraw(users):
    p, _reply = _assigned(users)
    req = services.ask_for_instruction(
        actor=users["proposal_staff"], proposal=p, leader=users["leader"], note="矩阵请示"
    )
    # the first admitted role withdraws it; the next is told it is no longer open (both 302)
    return [Case({"pk": req.pk}, STAFF, "an open request", method="post", ok={302})]


def _thread_cases(users, post=False):
    env = _setup(users)
    assigned, _reply = _assigned(users)
    method, ok = ("post", {200}) if post else ("get", {200})
    posters = STAFF | {"member", "unit_liaison"} if post else READ_ALL | {"member", "unit_liaison"}
    return [
        Case({"pk": env["draft"].pk}, {"member"}, "the member's own draft", method, ok),
        Case(
            {"pk": env["submitted"].pk},
            STAFF if post else READ_ALL,
            "another member's submitted proposal (a leader reads, never writes)",
            method,
            ok,
        ),
        Case({"pk": assigned.pk}, posters, "assigned to the unit", method, ok),
    ]


def _thread_message(users):
    from cppcc_portal.notifications.threads.services import post_message

    assigned, _reply = _assigned(users)
    upload = SimpleUploadedFile("图.png", PNG)
    return post_message(actor=users["member"], target=assigned, body="矩阵留言", files=[upload])


def _thread_edit(users):
    message = _thread_message(users)
    return [Case({"pk": message.pk}, {"member"}, "the member's own message, just written")]


def _thread_file(users):
    att = _thread_message(users).attachments.get()
    return [Case({"pk": att.pk}, READ_ALL | {"member", "unit_liaison"}, "a file in the thread")]


def _thread_communicate(users):
    message = _thread_message(users)
    p = message.target
    services.sign_for(actor=users["unit_liaison"], assignment=p.assignments.get())
    return [Case({"pk": message.pk}, {"unit_liaison"}, "the lead unit", "post", {302})]


PROVIDERS = {
    "proposals:thread": _thread_cases,
    "proposals:thread_communicate": _thread_communicate,
    "proposals:thread_post": lambda users: _thread_cases(users, post=True),
    "proposals:thread_edit": _thread_edit,
    "proposals:thread_file": _thread_file,
    "proposals:detail": _detail,
    "proposals:form_document": _form_document,
    "proposals:blank_form": _blank_form,
    "proposals:registration_notice": _registration_notice,
    "proposals:assignment_notice": _assignment_notice,
    "proposals:reply_letter": _reply_letter,
    "proposals:compilation_download_as": _compilation_download_as,
    "proposals:edit": _own_draft,
    "proposals:autosave": _autosave,
    "proposals:prereview_proposal": _prereview_proposal,
    "proposals:topic_publish": _topic("publish"),
    "proposals:topic_start": _topic("start"),
    "proposals:act": _act,
    "proposals:cosign": _cosign,
    "proposals:attachment": _attachment,
    "proposals:reply_document": _reply_document,
    "proposals:compilation_status": _compilation_status,
    "proposals:compilation_download": _compilation_download,
    "proposals:instruction_request_ask": _instruction_request_ask,
    "proposals:instruction_request_withdraw": _instruction_request_withdraw,
}
