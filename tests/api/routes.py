"""Every API route, with the objects it acts on and the roles it admits (the API's own
permission matrix; the pages' matrix lives in tests/matrix/). A route in the schema that is
missing here fails test_matrix, so a new route cannot escape it."""

from dataclasses import dataclass, field

from cppcc_portal.notifications.services import notify
from opinions import services as report_services
from proposals import services
from tests.consultations.matrix import _invited, _not_invited
from tests.matrix.registry import EVERY_ROLE
from tests.news.matrix import OVERSEERS, _notices
from tests.opinions.matrix import _report_detail
from tests.proposals.matrix import _another_member as another_member
from tests.proposals.matrix import _assigned, _detail, _setup

ANONYMOUS = "anonymous"
LOGGED_IN = set(EVERY_ROLE)
MEMBER = {"member"}
COMPLETE = {"analysis": "情况分析", "suggestions": "具体建议"}


@dataclass
class Op:
    path: str  # under /api
    admitted: set
    ok: int = 200
    body: dict = field(default_factory=dict)
    label: str = ""


def _same_as_detail(suffix=""):
    """Whoever the proposal's page admits (tests/proposals/matrix.py), and nobody else."""

    def provide(users):
        return [
            Op(f"/proposals/{c.kwargs['pk']}{suffix}", c.admitted, label=c.label)
            for c in _detail(users)
        ]

    return provide


def _edit(users):
    env = _setup(users)
    return [
        Op(
            f"/proposals/{env['draft'].pk}", MEMBER, body={"title": "改过的标题"}, label="own draft"
        ),
        Op(
            f"/proposals/{env['submitted'].pk}",
            set(),
            body={"title": "改"},
            label="someone's submitted",
        ),
    ]


def _invite(users):
    env = _setup(users)
    invitee = another_member().member
    return [
        Op(
            f"/proposals/{env['draft'].pk}/cosigners",
            MEMBER,
            201,
            {"member_id": invitee.pk},
            "own draft",
        )
    ]


def _submit(users):
    env = _setup(users)
    services.update_draft(actor=users["member"], proposal=env["draft"], **COMPLETE)
    return [
        Op(f"/proposals/{env['draft'].pk}/submit", MEMBER, label="own complete draft"),
        Op(f"/proposals/{env['submitted'].pk}/submit", set(), label="someone's submitted"),
    ]


def _evaluate(users):
    p, _reply = _assigned(users, with_reply=True)
    body = {"satisfaction": "satisfied", "score_before": 5, "score_during": 5, "score_reply": 5}
    return [Op(f"/proposals/{p.pk}/evaluation", MEMBER, 201, body, "own replied proposal")]


def _answer(users):
    env = _setup(users)
    other = env["other_user"]
    draft = services.create_draft(actor=other, session=env["session"], title="邀请联名")
    invitation = services.invite_cosigner(
        actor=other, proposal=draft, member=users["member"].member
    )
    return [
        Op(f"/invitations/{invitation.pk}/answer", MEMBER, body={"accept": True}, label="invited")
    ]


def _read(users):
    note = notify(recipients=[users["member"]], kind="test", title="矩阵通知")
    pk = note[0].pk if isinstance(note, list) else note.pk
    return [Op(f"/notifications/{pk}/read", MEMBER, label="own notification")]


def _plain(path, admitted, ok=200, body=None):
    return lambda users: [Op(path, admitted, ok, body or {})]


def _create(users):
    _setup(users)  # a session to write in
    return [Op("/proposals", MEMBER, 201, {"title": "矩阵新草稿"})]


def _report_like_page(suffix=""):
    def provide(users):
        return [
            Op(f"/reports/{c.kwargs['pk']}{suffix}", c.admitted, label=c.label)
            for c in _report_detail(users)
        ]

    return provide


def _report_drafts(users):
    """A draft of the member's and one of another member's, written through the service."""

    def write(user):
        return report_services.save_draft(
            actor=user, title="矩阵社情", problem="问题", suggestion="建议"
        )

    return write(users["member"]), write(another_member())


def _report_edit(users):
    own, others = _report_drafts(users)
    return [
        Op(f"/reports/{own.pk}", MEMBER, body={"title": "改过的"}, label="own draft"),
        Op(f"/reports/{others.pk}", set(), body={"title": "改"}, label="someone's draft"),
    ]


def _report_submit(users):
    own, others = _report_drafts(users)
    return [
        Op(f"/reports/{own.pk}/submit", MEMBER, label="own draft"),
        Op(f"/reports/{others.pk}/submit", set(), label="someone's draft"),
    ]


def _notice_reading(users):
    mine, draft = _notices(users)
    return [
        Op(f"/notices/{mine.pk}", OVERSEERS | MEMBER, label="addressed to the member"),
        Op(f"/notices/{draft.pk}", set(), label="a draft"),
    ]


def _notice_confirm(users):
    mine, draft = _notices(users)
    return [
        Op(f"/notices/{mine.pk}/confirm", MEMBER, label="addressed to the member"),
        Op(f"/notices/{draft.pk}/confirm", set(), label="a draft"),
    ]


def _meeting(suffix="", body=None):
    """The member's invitation; a meeting they are not invited to is nobody's here."""

    def provide(users):
        _c, meeting, *_ = _invited(users)
        _o, other = _not_invited()
        return [
            Op(f"/meetings/{meeting.pk}{suffix}", MEMBER, body=body or {}, label="invited"),
            Op(f"/meetings/{other.pk}{suffix}", set(), body=body or {}, label="not invited"),
        ]

    return provide


def _sign_in(users):
    _c, meeting, *_ = _invited(users)
    meeting.sign_in_open = True
    meeting.save(update_fields=["sign_in_open"])
    body = {"code": meeting.sign_in_code}
    return [Op(f"/meetings/{meeting.pk}/sign-in", MEMBER, body=body, label="open, right code")]


REPORT_READERS = {"opinion_staff", "leader", "superuser", "member"}
PUBLIC = LOGGED_IN | {ANONYMOUS}
ROUTES = {
    ("get", "/api/openapi.json"): _plain("/openapi.json", PUBLIC),
    ("get", "/api/docs"): _plain("/docs", PUBLIC),
    ("get", "/api/proposals"): _plain("/proposals", MEMBER),
    ("post", "/api/proposals"): _create,
    ("get", "/api/proposals/{pk}"): _same_as_detail(),
    ("patch", "/api/proposals/{pk}"): _edit,
    ("get", "/api/proposals/{pk}/timeline"): _same_as_detail("/timeline"),
    ("get", "/api/proposals/{pk}/replies"): _same_as_detail("/replies"),
    ("post", "/api/proposals/{pk}/cosigners"): _invite,
    ("post", "/api/proposals/{pk}/submit"): _submit,
    ("post", "/api/proposals/{pk}/evaluation"): _evaluate,
    ("get", "/api/invitations"): _plain("/invitations", MEMBER),
    ("post", "/api/invitations/{pk}/answer"): _answer,
    ("get", "/api/members"): _plain("/members", MEMBER),
    ("get", "/api/categories"): _plain("/categories", LOGGED_IN),
    ("get", "/api/notifications"): _plain("/notifications", LOGGED_IN),
    ("post", "/api/notifications/{pk}/read"): _read,
    ("post", "/api/notifications/read-all"): _plain("/notifications/read-all", LOGGED_IN),
    ("get", "/api/unit/queue"): _plain("/unit/queue", {"unit_liaison", "superuser"}),
    ("get", "/api/reports"): _plain("/reports", REPORT_READERS),
    ("post", "/api/reports"): _plain(
        "/reports", MEMBER, 201, {"title": "矩阵社情", "problem": "问题"}
    ),
    ("get", "/api/reports/{pk}"): _report_like_page(),
    ("patch", "/api/reports/{pk}"): _report_edit,
    ("post", "/api/reports/{pk}/submit"): _report_submit,
    ("get", "/api/notices"): _plain("/notices", LOGGED_IN),
    ("get", "/api/notices/{pk}"): _notice_reading,
    ("post", "/api/notices/{pk}/confirm"): _notice_confirm,
    ("get", "/api/duty"): _plain("/duty", MEMBER),
    ("get", "/api/meetings"): _plain("/meetings", MEMBER),
    ("get", "/api/meetings/{pk}"): _meeting(),
    ("post", "/api/meetings/{pk}/confirm"): _meeting("/confirm"),
    ("post", "/api/meetings/{pk}/leave"): _meeting("/leave", {"reason": "出差"}),
    ("post", "/api/meetings/{pk}/sign-in"): _sign_in,
}
