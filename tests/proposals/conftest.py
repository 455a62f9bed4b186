"""Fixtures for the proposal pipeline: a session, units with liaisons, the cast of roles."""

from datetime import date

import pytest
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from proposals import services
from proposals.models import Proposal, ProposalCategory
from tests.factories import MemberFactory, SessionFactory

from .factories import HandlingUnitFactory, release_reply, signed_document, talk


@pytest.fixture
def session(term):
    today = timezone.localdate()
    return SessionFactory(
        term=term,
        start_date=date(today.year, 1, 8),
        end_date=date(today.year, 1, 12),
        proposal_window_start=date(today.year - 1, 12, 1),
        proposal_window_end=date(today.year, 1, 11),
        year=today.year,
    )


@pytest.fixture
def category(db):
    # get_or_create: a transactional test elsewhere may have flushed the migration's rows
    return ProposalCategory.objects.get_or_create(name="社会建设", defaults={"order": 3})[0]


@pytest.fixture
def staff(make_user):
    return make_user(Role.PROPOSAL_STAFF)


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER)


@pytest.fixture
def liaison(make_user):
    return make_user(Role.UNIT_LIAISON)


@pytest.fixture
def liaison2(make_user):
    return make_user(Role.UNIT_LIAISON)


@pytest.fixture
def unit(liaison):
    u = HandlingUnitFactory(name="区教育局")
    u.liaisons.add(liaison)
    return u


@pytest.fixture
def co_unit(liaison2):
    u = HandlingUnitFactory(name="区财政局")
    u.liaisons.add(liaison2)
    return u


@pytest.fixture
def other_unit(db):
    return HandlingUnitFactory(name="区民政局")


@pytest.fixture
def make_member_user(make_user, term):
    def make(name):
        user = make_user(Role.MEMBER)
        member = MemberFactory(user=user, name=name)
        member.terms.add(term)
        return user

    return make


@pytest.fixture
def cosigner_users(make_member_user):
    return [make_member_user("李联名"), make_member_user("张联名")]


@pytest.fixture
def draft(member_user, session, category):
    return services.create_draft(
        actor=member_user,
        session=session,
        title="关于完善社区养老服务体系的建议",
        analysis="老龄化加快，设施不足。",
        suggestions="增加社区养老服务中心。",
        category=category,
    )


@pytest.fixture
def submitted(draft, member_user):
    return services.submit(actor=member_user, proposal=draft)


@pytest.fixture
def registered(submitted, staff):
    return services.register(actor=staff, proposal=submitted)


@pytest.fixture
def assigned(registered, staff, unit, co_unit):
    return services.assign(actor=staff, proposal=registered, lead=unit, co_units=[co_unit])


@pytest.fixture
def assigned_alone(registered, staff, unit):
    """Assigned to a lead unit without co-units."""
    return services.assign(actor=staff, proposal=registered, lead=unit)


@pytest.fixture
def handling(assigned, liaison):
    lead = assigned.assignments.get(role="lead")
    services.sign_for(actor=liaison, assignment=lead)
    return Proposal.objects.get(pk=assigned.pk)


@pytest.fixture
def replied(handling, liaison, liaison2, staff):
    """Replied through the sign-off: the lead drafts, the co-unit countersigns, staff release."""
    lead = handling.assignments.get(role="lead")
    co = handling.assignments.get(role="co")
    talk(liaison, lead)
    release_reply(liaison=liaison, assignment=lead, staff=staff, co=[(liaison2, co)])
    return Proposal.objects.get(pk=handling.pk)


@pytest.fixture
def closed(replied, member_user):
    """Replied, and the first proposer satisfied: closed."""
    services.evaluate(
        actor=member_user,
        proposal=replied,
        satisfaction="satisfied",
        score_before=5,
        score_during=4,
        score_reply=4,
    )
    return Proposal.objects.get(pk=replied.pk)


@pytest.fixture
def drafted(handling, liaison):
    """The lead unit consulted the proposer and drafted its reply (B): awaiting the co-unit."""
    lead = handling.assignments.get(role="lead")
    talk(liaison, lead)
    services.draft_reply(
        actor=liaison,
        assignment=lead,
        result="B",
        text="已列入明年计划",
        signer="王局长",
        document=signed_document(),
    )
    return Proposal.objects.get(pk=handling.pk)
