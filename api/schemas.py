"""What the API reads and writes. Text in is refused when PostgreSQL could not store it (a NUL
character, a lone surrogate): a 422, never a 500."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

ID_MAX = 2**31 - 1


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("surrogate") from exc
    return value


Text = Annotated[str, AfterValidator(_storable)]
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Score = Annotated[int, Field(ge=-1000, le=1000)]  # 1–5: the service says so


class Page(Schema):
    count: int


class Named(Schema):
    id: int
    name: str


class ProposalItem(Schema):
    id: int
    title: str
    status: str
    status_label: str
    number: str
    kind: str
    session: str
    category: str | None
    first_proposer: str
    created_at: datetime
    submitted_at: datetime | None


class ProposalPage(Page):
    items: list[ProposalItem]


class CoSignerOut(Schema):
    id: int
    member_id: int
    member: str
    state: str
    due_on: date


class AttachmentOut(Schema):
    id: int
    name: str
    size: int


class ReplyOut(Schema):
    id: int
    unit: str
    round: int
    status: str
    result: str
    result_label: str
    text: str
    signer: str
    created_at: datetime
    released_at: datetime | None


class EvaluationOut(Schema):
    id: int
    member: str
    round: int
    satisfaction: str
    score_before: int | None
    score_during: int | None
    score_reply: int
    comment: str


class ProposalDetail(ProposalItem):
    analysis: str
    suggestions: str
    organisation: str
    suggested_units: list[Named]
    cosigners: list[CoSignerOut]
    attachments: list[AttachmentOut]
    units: list[Named]
    replies: list[ReplyOut]
    evaluations: list[EvaluationOut]
    reply_due_on: date | None
    evaluation_due_on: date | None
    actions: list[str]
    version: int


class EventOut(Schema):
    action: str
    label: str
    from_state: str
    to_state: str
    actor: str | None
    comment: str
    at: datetime


class DraftIn(Schema):
    title: Text = Field(max_length=2000)
    analysis: Text = Field("", max_length=20000)
    suggestions: Text = Field("", max_length=20000)
    category_id: Id | None = None
    kind: Text = Field("individual", max_length=20)
    organisation: Text = Field("", max_length=200)
    suggested_unit_ids: list[Id] = Field(default_factory=list, max_length=20)


class DraftPatch(Schema):
    title: Text | None = Field(None, max_length=2000)
    analysis: Text | None = Field(None, max_length=20000)
    suggestions: Text | None = Field(None, max_length=20000)
    category_id: Id | None = None
    kind: Text | None = Field(None, max_length=20)
    organisation: Text | None = Field(None, max_length=200)
    suggested_unit_ids: list[Id] | None = Field(None, max_length=20)


class InviteIn(Schema):
    member_id: Id


class AnswerIn(Schema):
    accept: bool


class InvitationOut(Schema):
    id: int
    proposal_id: int
    title: str
    first_proposer: str
    due_on: date


class EvaluateIn(Schema):
    satisfaction: Text = Field(max_length=20)  # satisfied, basic, unsatisfied
    score_before: Score | None = None
    score_during: Score | None = None
    score_reply: Score | None = None
    comment: Text = Field("", max_length=4000)


class MemberOut(Schema):
    id: int
    name: str
    sector: str | None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page):
    unread: int
    items: list[NotificationOut]


class QueueItem(Schema):
    assignment_id: int
    proposal_id: int
    title: str
    number: str
    unit: str
    role: str
    state: str
    due_on: date | None


class Done(Schema):
    ok: bool = True


class ReportItem(Schema):
    id: int
    title: str
    state: str
    state_label: str
    year: int | None
    issue: str | None
    created_at: datetime
    submitted_at: datetime | None


class ReportPage(Page):
    items: list[ReportItem]


class ReportDetail(ReportItem):
    problem: str
    suggestion: str
    member: str | None
    actions: list[str]
    version: int


class ReportIn(Schema):
    title: Text = Field(max_length=200)
    problem: Text = Field("", max_length=20000)
    suggestion: Text = Field("", max_length=20000)


class ReportPatch(Schema):
    title: Text | None = Field(None, max_length=200)
    problem: Text | None = Field(None, max_length=20000)
    suggestion: Text | None = Field(None, max_length=20000)


class NoticeItem(Schema):
    id: int
    title: str
    published_at: datetime | None
    reply_by: date | None
    receipt_label: str
    unread: bool
    unconfirmed: bool


class NoticePage(Page):
    items: list[NoticeItem]


class NoticeDetail(Schema):
    id: int
    title: str
    body: str  # sanitised HTML, as the page shows it
    published_at: datetime | None
    reply_by: date | None
    receipt_label: str
    read_at: datetime | None
    confirmed_at: datetime | None


class DutyLine(Schema):
    kind: str
    label: str
    count: int
    points: str


class DutyMinimum(Schema):
    name: str
    met: bool


class DutySummary(Schema):
    year: int
    total: str
    band: str | None
    lines: list[DutyLine]
    minimums: list[DutyMinimum]


class MeetingOut(Schema):
    meeting_id: int
    title: str
    kind: str
    starts_at: datetime
    venue: str
    status: str
    status_label: str
    leave_reason: str
    leave_refused_reason: str
    sign_in_open: bool
    attendance_closed: bool


class LeaveIn(Schema):
    reason: Text = Field(max_length=300)


class SignInIn(Schema):
    code: Text = Field(max_length=20)
