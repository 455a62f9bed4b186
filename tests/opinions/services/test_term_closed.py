"""After a term change, social-opinion reports made in the old term are read-only (issue 18)."""

import pytest
from django.core.exceptions import ValidationError

from cppcc_portal.accounts.roles import Role
from opinions import services
from opinions.models import Report
from tests.members.term_helpers import OLD_DAY, aware, change_term, old_term_with_session

from ..factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_old_terms_report_refuses_edits_a_new_one_does_not(staff, member, make_user):
    old_term_with_session()
    old = ReportFactory(member=member)
    Report.objects.filter(pk=old.pk).update(created_at=aware(OLD_DAY))
    old.refresh_from_db()
    change_term(make_user(Role.LIAISON_STAFF), reappointed=[member])

    with pytest.raises(ValidationError) as exc:
        services.start_editing(actor=staff, report=old, version=old.version)
    assert exc.value.code == "term_closed"
    assert Report.objects.get(pk=old.pk).editor_id is None

    new = ReportFactory(member=member)
    new = services.start_editing(actor=staff, report=new, version=new.version)
    assert new.editor_id == staff.pk
