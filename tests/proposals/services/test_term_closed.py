"""After a term change, proposals of the old term's sessions are read-only (issue 18)."""

import pytest
from django.core.exceptions import ValidationError

from cppcc_portal.accounts.roles import Role
from members.models import Session
from proposals import services
from proposals.models import Proposal
from tests.members.term_helpers import change_term, old_term_with_session

pytestmark = pytest.mark.django_db


def test_old_terms_proposals_refuse_writes_new_term_takes_them(member_user, make_user):
    old = old_term_with_session()
    session = Session.objects.get(term=old)
    draft = services.create_draft(
        actor=member_user, title="关于完善社区养老设施的建议", session=session
    )
    change_term(make_user(Role.PROPOSAL_STAFF), reappointed=[member_user.member])

    with pytest.raises(ValidationError) as exc:
        services.update_draft(actor=member_user, proposal=draft, title="改过的标题")
    assert exc.value.code == "term_closed"
    assert Proposal.objects.get(pk=draft.pk).title == "关于完善社区养老设施的建议"
    with pytest.raises(ValidationError) as exc:
        services.create_draft(actor=member_user, title="老会议的新提案", session=session)
    assert exc.value.code == "term_closed"
    assert Proposal.objects.count() == 1

    fresh = services.create_draft(actor=member_user, title="新一届的提案")
    assert fresh.session.term.number == 3  # the new term's first session
