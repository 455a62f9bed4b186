"""After a term change the old term's records are read-only, and their pages say so: the
workflow kernel offers no action on them (asking the same write guard `lock()` refuses by),
and a notice reads 本届已换届，记录只读. A record of the open term still offers its actions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.workflow import read_only
from members.models import Session
from opinions.actions import ACTIONS as REPORT_ACTIONS
from opinions.models import Report
from proposals.actions import ACTIONS as PROPOSAL_ACTIONS
from proposals.models import Proposal
from tests.members.term_helpers import OLD_DAY, TODAY, aware, change_term, old_term_with_session
from tests.opinions.factories import ReportFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

NOTICE = "本届已换届，记录只读"


@pytest.fixture
def handed_over(make_user):
    """A submitted proposal and a submitted report of the old term, then the term change;
    a proposal and a report of the new term."""
    old = old_term_with_session()
    old_proposal = ProposalFactory(session=Session.objects.get(term=old), status="submitted")
    old_report = ReportFactory()
    Report.objects.filter(pk=old_report.pk).update(created_at=aware(OLD_DAY))
    change_term(make_user(Role.LIAISON_STAFF))
    new_session = Session.objects.get(term__number=3)
    return {
        "old_proposal": old_proposal,
        "new_proposal": ProposalFactory(session=new_session, status="submitted"),
        "old_report": Report.objects.get(pk=old_report.pk),
        "new_report": ReportFactory(),
    }


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_closed_terms_proposal_offers_no_action_and_says_it_is_read_only(
    client, make_user, handed_over
):
    staff = make_user(Role.PROPOSAL_STAFF)
    old, new = handed_over["old_proposal"], handed_over["new_proposal"]
    assert read_only(Proposal.objects.get(pk=old.pk))
    assert PROPOSAL_ACTIONS.available(staff, Proposal.objects.get(pk=old.pk)) == {}
    html = _page(client, staff, reverse("proposals:detail", args=[old.pk]))
    assert NOTICE in html and 'id="read-only-notice"' in html
    assert 'id="actions-h"' not in html and "/act/" not in html

    # the open term's proposal in the same state still offers its review
    assert not read_only(Proposal.objects.get(pk=new.pk))
    assert "register" in PROPOSAL_ACTIONS.available(staff, Proposal.objects.get(pk=new.pk))
    html = _page(client, staff, reverse("proposals:detail", args=[new.pk]))
    assert NOTICE not in html and 'id="actions-h"' in html
    assert reverse("proposals:act", args=[new.pk, "register"]) in html


def test_a_closed_terms_report_offers_no_action_and_says_it_is_read_only(
    client, make_user, handed_over
):
    staff = make_user(Role.OPINION_STAFF)
    old, new = handed_over["old_report"], handed_over["new_report"]
    assert REPORT_ACTIONS.available(staff, old) == {}
    html = _page(client, staff, reverse("opinions:detail", args=[old.pk]))
    assert NOTICE in html and 'id="actions-h"' not in html
    assert reverse("opinions:act", args=[old.pk, "start_editing"]) not in html

    assert "start_editing" in REPORT_ACTIONS.available(staff, new)
    html = _page(client, staff, reverse("opinions:detail", args=[new.pk]))
    assert NOTICE not in html and 'id="actions-h"' in html
    assert reverse("opinions:act", args=[new.pk, "start_editing"]) in html


def test_the_proposer_is_offered_no_edit_of_a_closed_terms_draft(client, member_user, make_user):
    old = old_term_with_session()
    draft = ProposalFactory(
        session=Session.objects.get(term=old), first_proposer=member_user.member, status="draft"
    )
    html = _page(client, member_user, reverse("proposals:detail", args=[draft.pk]))
    assert reverse("proposals:edit", args=[draft.pk]) in html and NOTICE not in html
    change_term(make_user(Role.LIAISON_STAFF), reappointed=[member_user.member])
    html = _page(client, member_user, reverse("proposals:detail", args=[draft.pk]))
    assert reverse("proposals:edit", args=[draft.pk]) not in html and NOTICE in html
    assert PROPOSAL_ACTIONS.available(member_user, Proposal.objects.get(pk=draft.pk)) == {}


def test_a_post_to_a_closed_terms_record_is_still_refused_with_the_reason(
    client, make_user, handed_over
):
    staff = make_user(Role.PROPOSAL_STAFF)
    old = handed_over["old_proposal"]
    client.force_login(staff)
    response = client.post(reverse("proposals:act", args=[old.pk, "register"]), {})
    assert response.status_code == 400
    assert "已换届" in response.content.decode()
    assert Proposal.objects.get(pk=old.pk).status == "submitted"


def test_a_closed_terms_consultation_offers_no_material_or_meeting_form(client, make_user):
    from tests.consultations.factories import ConsultationFactory

    old_term_with_session()
    old = ConsultationFactory(scheduled_on=OLD_DAY)
    change_term(make_user(Role.LIAISON_STAFF))
    staff = make_user(Role.CONSULTATION_STAFF)
    html = _page(client, staff, reverse("consultations:detail", args=[old.pk]))
    assert NOTICE in html
    assert reverse("consultations:material_add", args=[old.pk]) not in html
    assert reverse("consultations:meeting_add", args=[old.pk]) not in html

    current = ConsultationFactory()
    html = _page(client, staff, reverse("consultations:detail", args=[current.pk]))
    assert NOTICE not in html
    assert reverse("consultations:meeting_add", args=[current.pk]) in html


def test_a_closed_terms_meeting_without_a_consultation_is_read_only_too(client, make_user):
    from consultations import services
    from tests.consultations.factories import MeetingFactory

    old_term_with_session()
    meeting = MeetingFactory(starts_at=aware(OLD_DAY))
    change_term(make_user(Role.LIAISON_STAFF))
    staff = make_user(Role.CONSULTATION_STAFF)
    assert read_only(meeting)
    html = _page(client, staff, reverse("consultations:meeting_detail", args=[meeting.pk]))
    assert reverse("consultations:meeting_reschedule", args=[meeting.pk]) not in html
    with pytest.raises(ValidationError) as exc:
        services.reschedule_meeting(
            actor=staff,
            meeting=meeting,
            starts_at=aware(TODAY + timedelta(days=7)),
            venue="新址",
            reason="改期",
        )
    assert exc.value.code == "term_closed"

    current = MeetingFactory()
    assert not read_only(current)
