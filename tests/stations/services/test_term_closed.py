"""After a term change, station records of the old term are read-only (issue 18), and the
open assignments of members who left end."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cppcc_portal.accounts.roles import Role
from stations import services
from stations.models import Activity, Assignment, Opinion
from tests.members.term_helpers import (
    NEW_START,
    OLD_DAY,
    TODAY,
    aware,
    change_term,
    old_term_with_session,
)

from ..factories import OpinionFactory

pytestmark = pytest.mark.django_db


def test_old_terms_station_records_refuse_writes(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    old_term_with_session()
    old_opinion = OpinionFactory(station=station, received_at=aware(OLD_DAY))
    change_term(role_users[Role.LIAISON_STAFF])

    with pytest.raises(ValidationError) as exc:
        services.start_handling(actor=manager, opinion=old_opinion)
    assert exc.value.code == "term_closed"
    assert Opinion.objects.get(pk=old_opinion.pk).state == old_opinion.state
    with pytest.raises(ValidationError) as exc:
        services.record_activity(
            actor=manager, station=station, kind="forum", date=OLD_DAY, title="补录旧活动"
        )
    assert "date" in exc.value.message_dict
    assert not Activity.objects.exists()

    services.record_activity(
        actor=manager, station=station, kind="forum", date=TODAY, title="新活动"
    )
    services.start_handling(actor=manager, opinion=OpinionFactory(station=station))


def test_leavers_assignments_end_reappointed_stay(role_users, station):
    from members.models import Term

    old = Term.objects.get(number=2)
    stay, leave, *_ = [a.member for a in station.assignments.all()]
    for m in (stay, leave):
        m.terms.add(old)
    Assignment.objects.filter(station=station).update(since=OLD_DAY)
    change_term(role_users[Role.LIAISON_STAFF], reappointed=[stay])
    assert Assignment.objects.get(member=stay).until is None
    assert Assignment.objects.get(member=leave).until == NEW_START - timedelta(days=1)
