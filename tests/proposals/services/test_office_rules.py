"""The rules of DOMAIN §2 the office now enforces, each with its refusal: merged proposals'
proposers are the primary's proposers; sector and member-group proposals only in the plenary
window; conversion into a member's letter with consent; excellent proposals only closed and
within the share, the list published to members."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.notifications.models import Deadline, Notification
from dashboard.queues import evaluations_due
from proposals import rules, selectors, services
from proposals.models import (
    Evaluation,
    MemberLetter,
    NotRegisteredGround,
    Proposal,
    ProposalSettings,
)

from ..factories import ProposalFactory, fresh, release_reply, talk

pytestmark = pytest.mark.django_db
S = Proposal.Status
GIVEN = {"score_before": 4, "score_during": 4, "score_reply": 4}


@pytest.fixture
def merged(registered, make_member_user, session, category, staff):
    """Another member's proposal on the same matter, with a confirmed co-signer, merged into
    the registered one."""
    author, cosigner = make_member_user("赵委员"), make_member_user("钱联名")
    p = services.create_draft(
        actor=author,
        session=session,
        title="关于完善社区养老服务的建议",
        analysis="同一事项",
        suggestions="同一建议",
        category=category,
    )
    c = services.invite_cosigner(actor=author, proposal=p, member=cosigner.member)
    services.respond_cosign(actor=cosigner, cosigner=c, accept=True)
    services.submit(actor=author, proposal=p)
    services.merge(actor=staff, proposal=fresh(p), into=registered)
    return {"proposal": fresh(p), "author": author, "cosigner": cosigner}


def test_merged_proposers_see_get_the_reply_and_evaluate_the_primary(
    merged, registered, staff, unit, liaison, member_user
):
    author, cosigner = merged["author"], merged["cosigner"]
    for user in (author, cosigner):
        assert selectors.visible_to(user).filter(pk=registered.pk).exists()
        assert selectors.member_proposals(user).filter(pk=registered.pk).exists()
    primary = services.assign(actor=staff, proposal=registered, lead=unit)
    lead = primary.assignments.get()
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead)
    release_reply(liaison=liaison, assignment=lead, staff=staff, result="B")
    p = fresh(registered)
    for user in (author, cosigner, member_user):
        assert Notification.objects.filter(recipient=user, kind="proposal.replied").exists()
    assert author in Deadline.objects.get(duty="proposal.evaluation").responsible.all()
    assert evaluations_due(author).filter(pk=p.pk).exists()
    detail = selectors.proposal_detail(author, p.pk)
    assert rules.may_evaluate(author, detail) and detail.replies.get().result == "B"
    # their evaluation is added; the primary's first proposer decides
    services.evaluate(
        actor=author, proposal=p, satisfaction="unsatisfied", comment="未回应我的建议", **GIVEN
    )
    assert fresh(p).status == S.REPLIED
    assert Evaluation.objects.get(member=author.member).comment == "未回应我的建议"
    services.evaluate(actor=member_user, proposal=fresh(p), satisfaction="satisfied", **GIVEN)
    assert fresh(p).status == S.CLOSED


def test_a_stranger_is_not_a_proposer_of_the_primary(merged, registered, make_member_user):
    stranger = make_member_user("孙委员")
    assert not selectors.visible_to(stranger).filter(pk=registered.pk).exists()
    assert not rules.is_proposer(stranger, fresh(registered))


# --- sector and member-group proposals: the plenary only ------------------------------------


def test_sector_proposal_submitted_only_inside_the_plenary_window(member_user, session, category):
    today = timezone.localdate()
    assert not session.in_plenary_window(today)
    p = services.create_draft(
        actor=member_user,
        session=session,
        title="关于加强界别协商的建议",
        analysis="a",
        suggestions="s",
        category=category,
        kind=Proposal.Kind.SECTOR,
        organisation="教育界",
    )
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=member_user, proposal=p)
    assert "kind" in exc.value.message_dict
    assert fresh(p).status == S.DRAFT
    session.proposal_window_end = today
    session.save()
    p = fresh(p)
    p.session = session
    assert services.submit(actor=member_user, proposal=p).is_plenary


# --- conversion into a member's letter -------------------------------------------------------


@pytest.fixture
def refused(submitted, staff):
    ground = NotRegisteredGround.objects.get_or_create(text="属于个人事务")[0]
    return services.not_register(actor=staff, proposal=submitted, ground=ground)


def test_not_registered_proposal_becomes_a_member_letter_with_consent(refused, member_user, staff):
    with pytest.raises(ValidationError):
        services.convert_to_letter(actor=staff, proposal=refused)  # no consent yet
    with pytest.raises(ValidationError) as exc:
        services.consent_to_conversion(actor=member_user, proposal=refused, target="poem")
    assert "target" in exc.value.message_dict
    p = services.consent_to_conversion(actor=member_user, proposal=refused, target="letter")
    with pytest.raises(ValidationError):  # consented to a letter, not a report
        services.convert_to_report(actor=staff, proposal=p)
    with pytest.raises(PermissionDenied):
        services.convert(actor=member_user, proposal=p)
    p, letter = services.convert(actor=staff, proposal=p)
    assert isinstance(letter, MemberLetter) and letter.source == p
    assert letter.member == member_user.member and p.converted_to == letter
    assert p.title == letter.title and p.suggestions in letter.content
    with pytest.raises(ValidationError):
        services.convert(actor=staff, proposal=p)
    assert MemberLetter.objects.count() == 1


# --- excellent proposals -------------------------------------------------------------------


def test_only_closed_proposals_are_excellent(replied, staff):
    with pytest.raises(ValidationError) as exc:
        services.set_excellence(actor=staff, proposal=replied, excellence="nominated")
    assert "closed" in exc.value.messages[0] or "办结" in exc.value.messages[0]


def test_excellent_share_limit(closed, staff, session):
    others = [ProposalFactory(session=session) for _ in range(19)]
    Proposal.objects.filter(pk__in=[o.pk for o in others]).update(status=S.CLOSED)
    ProposalSettings.objects.update(excellent_share_percent=10)  # 20 registered: at most 2
    picks = [fresh(closed), *[fresh(o) for o in others[:2]]]
    for p in picks:
        services.set_excellence(actor=staff, proposal=p, excellence="nominated")
    services.set_excellence(actor=staff, proposal=fresh(picks[0]), excellence="selected")
    services.set_excellence(actor=staff, proposal=fresh(picks[1]), excellence="selected")
    with pytest.raises(ValidationError) as exc:
        services.set_excellence(actor=staff, proposal=fresh(picks[2]), excellence="selected")
    assert "excellence" in exc.value.message_dict and "2" in exc.value.messages[0]
    assert Proposal.objects.filter(excellence="selected").count() == 2


def test_excellent_share_setting_within_one_to_ten_percent():
    config = ProposalSettings.get()
    for bad in (0, 11):
        config.excellent_share_percent = bad
        with pytest.raises(ValidationError):
            config.full_clean()
    config.excellent_share_percent = 1
    assert config.excellent_limit(0) == 0 and config.excellent_limit(5) == 1
    assert config.excellent_limit(300) == 3


def test_the_excellent_list_is_published_to_members(
    closed, staff, make_member_user, client_for, role_users
):
    services.set_excellence(actor=staff, proposal=closed, excellence="nominated")
    other = make_member_user("周委员")
    page = client_for(other).get(reverse("proposals:excellent"))
    assert closed.title not in page.content.decode()  # nominated is not yet published
    services.set_excellence(actor=staff, proposal=fresh(closed), excellence="selected")
    page = client_for(other).get(reverse("proposals:excellent"))
    assert page.status_code == 200 and closed.title in page.content.decode()
    # a member sees it listed, not the proposal's page of someone else
    assert reverse("proposals:detail", args=[closed.pk]) not in page.content.decode()
    assert (
        client_for(role_users["unit_liaison"]).get(reverse("proposals:excellent")).status_code
        == 403
    )


def test_window_closes_a_day_after_its_last_day(replied):
    day = fresh(replied).evaluation_due_on
    assert rules.evaluation_window_open(replied, day)
    assert not rules.evaluation_window_open(replied, day + timedelta(days=1))
