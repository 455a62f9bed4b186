"""Every check constraint of the portal's models has a form or service validation in front of
it: a database constraint is the last guard, never the first (a violated one is an
IntegrityError, a 500 for the user).

The test lists the project's check constraints from the model registry; each needs a guard
below that feeds one bad input through the form, service or admin form people use and shows
that it is refused with a ValidationError (or a form error) and that nothing was written. A new
constraint without a guard fails `test_every_check_constraint_has_a_guard`.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import MemberFactory, SectorFactory, TermFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {
    cfg.label
    for cfg in apps.get_app_configs()
    if not cfg.name.startswith("django") and str(settings.BASE_DIR) in str(cfg.path)
}


def check_constraints():
    found = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                found[constraint.name] = model
    return found


def _admin_form(model, data, instance=None):
    """The Django admin's form for `model` (staff edit terms and sessions there)."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = type("U", (), {"is_superuser": True, "has_perm": lambda *a: True})()
    form_class = model_admin.get_form(request, instance)
    return form_class(data=data, instance=instance)


def _refused(call, *, field=None):
    with pytest.raises(ValidationError) as caught:
        call()
    if field is not None:
        assert field in caught.value.message_dict, caught.value
    return caught.value


GUARDS = {}


def guard(name):
    def register(fn):
        GUARDS[name] = fn
        return fn

    return register


# --- members ----------------------------------------------------------------------------------


@guard("term_dates_ordered")
def _term(make_user):
    from members.models import Term

    form = _admin_form(
        Term,
        {
            "number": 9,
            "name": "第九届",
            "start_date": "2027-01-01",
            "end_date": "2026-12-31",
            "is_current": "",
        },
    )
    assert not form.is_valid()
    assert not Term.objects.filter(number=9).exists()


@guard("session_dates_ordered")
def _session_dates(make_user):
    from members.models import Session

    term = TermFactory()
    form = _admin_form(
        Session,
        {
            "term": term.pk,
            "number": 7,
            "name": "二届七次会议",
            "year": 2026,
            "start_date": "2026-03-10",
            "end_date": "2026-03-01",
            "proposal_window_start": "2026-02-01",
            "proposal_window_end": "2026-03-09",
        },
    )
    assert not form.is_valid()
    assert not Session.objects.filter(term=term, number=7).exists()


@guard("session_window_ordered")
def _session_window(make_user):
    from members.models import Session

    term = TermFactory()
    form = _admin_form(
        Session,
        {
            "term": term.pk,
            "number": 8,
            "name": "二届八次会议",
            "year": 2026,
            "start_date": "2026-03-01",
            "end_date": "2026-03-10",
            "proposal_window_start": "2026-03-09",
            "proposal_window_end": "2026-02-01",
        },
    )
    assert not form.is_valid()
    assert not Session.objects.filter(term=term, number=8).exists()


# --- proposals and opinions -------------------------------------------------------------------


@guard("adopted_report_has_issue")
def _adopted_report(make_user):
    from opinions import services
    from opinions.models import Report
    from opinions.workflow import State
    from tests.opinions.factories import EditedFactory as ReportFactory

    staff = make_user("opinion_staff")
    report = ReportFactory(member=MemberFactory())
    # adopting without an issue and without anyone to sign off a new one
    _refused(
        lambda: services.adopt_report(actor=staff, report=report, signed_off_by="  "),
        field="signed_off_by",
    )
    report.refresh_from_db()
    assert report.state == State.EDITING and report.issue_id is None
    assert not Report.objects.filter(state=State.ADOPTED).exists()


@guard("instruction_request_closed_once")
def _instruction_request(make_user):
    from proposals import services
    from proposals.models import InstructionRequest, Proposal
    from tests.proposals.factories import ProposalFactory

    staff, leader = make_user("proposal_staff"), make_user("leader")
    p = ProposalFactory(status=Proposal.Status.REGISTERED)
    req = services.ask_for_instruction(actor=staff, proposal=p, leader=leader, note="请批示")
    services.record_instruction(actor=leader, proposal=p, text="请抓紧办理")
    # an answered request cannot be withdrawn as well
    _refused(lambda: services.withdraw_instruction_request(actor=staff, request=req))
    req.refresh_from_db()
    assert req.answered_at is not None and req.withdrawn_at is None
    assert not InstructionRequest.objects.filter(
        answered_at__isnull=False, withdrawn_at__isnull=False
    ).exists()


def _proposal_in_handling(make_user):
    """A proposal the lead unit has consulted on and may reply to, its liaison and staff."""
    from proposals import services
    from proposals.models import Proposal
    from tests.proposals.factories import HandlingUnitFactory, ProposalFactory, talk

    staff, liaison = make_user("proposal_staff"), make_user("unit_liaison")
    member_user = make_user("member")
    unit, co_unit = HandlingUnitFactory(name="区教育局"), HandlingUnitFactory(name="区财政局")
    unit.liaisons.add(liaison)
    co_liaison = make_user("unit_liaison")
    co_unit.liaisons.add(co_liaison)
    p = ProposalFactory(
        status=Proposal.Status.REGISTERED, first_proposer=MemberFactory(user=member_user)
    )
    p = services.assign(actor=staff, proposal=p, lead=unit, co_units=[co_unit])
    lead = p.assignments.get(role="lead")
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead)
    return p, lead, liaison, co_liaison, staff, member_user


@guard("countersign_view_given")
def _countersign_view(make_user):
    from proposals import services
    from proposals.forms import CountersignForm
    from proposals.models import Countersign
    from tests.proposals.factories import signed_document

    p, lead, liaison, co_liaison, _staff, _member = _proposal_in_handling(make_user)
    draft = services.draft_reply(
        actor=liaison, assignment=lead, result="B", text="t", signer="s", document=signed_document()
    )
    co = p.assignments.get(role="co")
    form = CountersignForm(
        {"cs-assignment": co.pk, "cs-draft": f"{draft.pk}:{draft.version}", "cs-decision": "view"},
        prefix="cs",
        proposal=p,
        user=co_liaison,
        assignments=[co],
    )
    assert not form.is_valid() and "view" in form.errors
    _refused(
        lambda: services.countersign_reply(
            actor=co_liaison, assignment=co, reply=draft, version=draft.version, decision="view"
        ),
        field="view",
    )
    assert not Countersign.objects.exists()


@guard("reply_released_has_time")
def _reply_released(make_user):
    from proposals import services
    from proposals.models import Reply
    from tests.proposals.factories import signed_document

    p, lead, liaison, _co, staff, _member = _proposal_in_handling(make_user)
    draft = services.draft_reply(
        actor=liaison, assignment=lead, result="B", text="t", signer="s", document=signed_document()
    )
    # only the review releases, and it stamps the time; before the countersignature it refuses
    _refused(
        lambda: services.review_reply(
            actor=staff, reply=draft, version=draft.version, decision="release", result="B"
        )
    )
    assert not Reply.objects.filter(status="released").exists()


@guard("evaluation_unsatisfied_has_reason")
def _unsatisfied_reason(make_user):
    from proposals import services
    from proposals.forms import EvaluateForm
    from proposals.models import Evaluation

    form = EvaluateForm(
        {
            "e-satisfaction": "unsatisfied",
            "e-score_before": "1",
            "e-score_during": "1",
            "e-score_reply": "1",
        },
        prefix="e",
    )
    assert not form.is_valid() and "comment" in form.errors
    from tests.proposals.factories import release_reply

    p, lead, liaison, co_liaison, staff, member_user = _proposal_in_handling(make_user)
    co = p.assignments.get(role="co")
    release_reply(liaison=liaison, assignment=lead, staff=staff, co=[(co_liaison, co)])
    p.refresh_from_db()
    assert p.status == "replied"
    _refused(
        lambda: services.record_evaluation(
            actor=staff,
            proposal=p,
            member=member_user.member,
            channel="paper",
            received_on=timezone.localdate(),
            satisfaction="unsatisfied",
            score_before=1,
            score_during=1,
            score_reply=1,
            comment="",
        ),
        field="comment",
    )
    assert not Evaluation.objects.exists()


# --- consultations ----------------------------------------------------------------------------


@guard("meeting_consultation_kind")
def _meeting_kind(make_user):
    from consultations import services
    from consultations.models import Meeting

    staff = make_user("consultation_staff")
    # the form offers "consultation" as a kind: without a consultation it is refused
    _refused(
        lambda: services.create_meeting(
            actor=staff,
            kind=Meeting.Kind.CONSULTATION,
            title="协商会",
            starts_at=timezone.now() + timedelta(days=3),
        )
    )
    assert not Meeting.objects.exists()


@guard("research_dates_ordered")
def _research_dates(make_user):
    from consultations.forms import ResearchProjectForm
    from consultations.models import ResearchProject
    from tests.factories import SpecialCommitteeFactory

    committee = SpecialCommitteeFactory()
    form = ResearchProjectForm(
        data={
            "committee": committee.pk,
            "topic": "老旧小区改造",
            "starts_on": "2026-06-30",
            "ends_on": "2026-06-01",
        }
    )
    assert not form.is_valid()
    assert "ends_on" in form.errors or "__all__" in form.errors
    assert not ResearchProject.objects.exists()


@guard("research_report_has_author")
def _research_author(make_user):
    from consultations import services
    from consultations.models import ResearchReport

    staff = make_user("consultation_staff")
    _refused(lambda: services.submit_research_report(actor=staff, title="调研报告", text="正文"))
    assert not ResearchReport.objects.exists()


# --- stations ---------------------------------------------------------------------------------


@guard("assignment_dates_ordered")
def _assignment_dates(make_user):
    from stations import services
    from stations.models import Assignment
    from tests.stations.factories import AssignmentFactory

    liaison = make_user("liaison_staff")
    assignment = AssignmentFactory(since=date(2026, 3, 1))
    _refused(
        lambda: services.end_assignment(
            actor=liaison, assignment=assignment, until=date(2026, 2, 1)
        )
    )
    assert Assignment.objects.get(pk=assignment.pk).until is None


@guard("donation_not_negative")
def _donation(make_user):
    from stations import services
    from stations.models import Activity
    from tests.stations.factories import StationFactory

    station = StationFactory()
    _refused(
        lambda: services.record_activity(
            actor=make_user(is_superuser=True, is_staff=True),
            station=station,
            kind=Activity.Kind.values[0],
            date=timezone.localdate(),
            title="义诊",
            donation_amount=Decimal("-1"),
        ),
        field="donation_amount",
    )
    assert not Activity.objects.exists()


# --- news -------------------------------------------------------------------------------------


def _news_manager(make_user):
    return make_user(is_superuser=True, is_staff=True)


@guard("published_article_has_time")
def _article(make_user):
    from news import services
    from news.models import Article
    from tests.news.factories import CategoryFactory

    actor = _news_manager(make_user)
    article = services.save_article(
        actor=actor,
        data={"title": "标题", "body": "", "category": CategoryFactory(), "visibility": "public"},
    )
    # publishing an article with no body is refused; nothing is published without a time
    _refused(lambda: services.publish_article(actor=actor, article=article))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.filter(publish_at__isnull=True).exclude(status="draft").exists()


@guard("published_notice_has_time")
def _notice_time(make_user):
    from news import services
    from news.models import Notice

    actor = _news_manager(make_user)
    MemberFactory(user=make_user("member")).terms.add(TermFactory())
    notice = services.save_notice(
        actor=actor, data={"title": "通知", "body": "正文", "audience": "all"}
    )
    services.publish_notice(actor=actor, notice=notice)
    # a published notice can no longer be edited back (its time stays)
    _refused(lambda: services.save_notice(actor=actor, notice=notice, data={"title": "改"}))
    assert not Notice.objects.filter(published_at__isnull=True).exclude(status="draft").exists()


def _notice_audience(make_user, audience, field):
    from news import services
    from news.models import Notice

    actor = _news_manager(make_user)
    _refused(
        lambda: services.save_notice(
            actor=actor, data={"title": "通知", "body": "正文", "audience": audience}
        ),
        field=field,
    )
    assert not Notice.objects.exists()


@guard("sector_notice_has_sector")
def _sector_notice(make_user):
    SectorFactory()
    _notice_audience(make_user, "sector", "sector")


@guard("committee_notice_has_committee")
def _committee_notice(make_user):
    _notice_audience(make_user, "committee", "committee")


@guard("station_notice_has_station")
def _station_notice(make_user):
    _notice_audience(make_user, "station", "station")


# --- notifications ----------------------------------------------------------------------------


@guard("deadline_rule_complete")
def _deadline_rule(make_user):
    from cppcc_portal.notifications import services
    from cppcc_portal.notifications.calendar import ComputedDate
    from cppcc_portal.notifications.models import Deadline

    target = make_user("member")
    due = ComputedDate(2027, 3, 2, rule="months", amount=None, basis_on=None)
    _refused(
        lambda: services.open_deadline(
            target=target, duty="x.test", due_on=due, responsible=[target], title="期限"
        )
    )
    assert not Deadline.objects.exists()


# --- the tests --------------------------------------------------------------------------------


def test_every_check_constraint_has_a_guard():
    found = check_constraints()
    assert len(found) >= 15  # the registry sees the project's models
    missing = sorted(set(found) - set(GUARDS))
    assert not missing, f"check constraints without a validation in front of them: {missing}"
    stale = sorted(set(GUARDS) - set(found))
    assert not stale, f"guards for constraints that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_bad_input_is_refused_before_the_database(name, make_user, term):
    assert name in check_constraints()
    GUARDS[name](make_user)  # each guard asserts the refusal and that nothing was written
