"""After a term change, consultations of the old term are read-only (issue 18)."""

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Consultation
from cppcc_portal.accounts.roles import Role
from tests.members.term_helpers import OLD_DAY, TODAY, change_term, old_term_with_session

from ..factories import ConsultationFactory, first_form

pytestmark = pytest.mark.django_db


def test_old_terms_consultation_refuses_steps_and_new_ones_dated_in_it(staff, make_user):
    old_term_with_session()
    old = ConsultationFactory(scheduled_on=OLD_DAY)
    change_term(make_user(Role.LIAISON_STAFF))

    with pytest.raises(ValidationError) as exc:
        services.start_preparing(actor=staff, consultation=old)
    assert exc.value.code == "term_closed"
    assert Consultation.objects.get(pk=old.pk).state == old.state
    with pytest.raises(ValidationError) as exc:
        services.create_unplanned_consultation(
            actor=staff, topic="旧届补录", form=first_form(), scheduled_on=OLD_DAY
        )
    assert "scheduled_on" in exc.value.message_dict
    assert Consultation.objects.count() == 1

    new = services.create_unplanned_consultation(
        actor=staff, topic="新一届协商", form=first_form(), scheduled_on=TODAY
    )
    services.start_preparing(actor=staff, consultation=new)
