"""Pickers that scale: members are named with sector and number (namesakes told apart), those
already invited are not offered again, a merge target is named by its number among the
proposals the merge may go to, and the page turns each such list into a searchable box."""

import pytest

from members.models import Member
from members.pickers import member_label
from proposals import services
from proposals.forms import InviteForm, MergeForm
from tests.factories import MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_a_member_is_named_with_sector_and_number(db):
    m = MemberFactory(name="王芳", number="0123", sector=SectorFactory(name="经济界"))
    assert member_label(m) == "王芳（经济界 · 0123）"


def test_invite_offers_neither_the_first_proposer_nor_those_already_invited(
    draft, member_user, cosigner_users, django_assert_max_num_queries
):
    first, invited = cosigner_users
    services.invite_cosigner(
        actor=member_user, proposal=draft, member=Member.objects.get(user=first)
    )
    namesake = MemberFactory(name="李联名", sector=SectorFactory(name="教育界"))
    form = InviteForm(proposal=draft, user=member_user)
    offered = list(form.fields["member"].queryset)
    assert draft.first_proposer not in offered
    assert Member.objects.get(user=first) not in offered
    assert Member.objects.get(user=invited) in offered and namesake in offered
    with django_assert_max_num_queries(1):  # labels need the sector: one query for all
        labels = [label for _value, label in form.fields["member"].choices][1:]
    assert len(set(labels)) == len(labels)  # two 李联名, two labels
    assert 'data-picker=""' in str(form["member"])
    bound = InviteForm({"member": draft.first_proposer_id}, proposal=draft, user=member_user)
    assert not bound.is_valid() and "member" in bound.errors


def test_merge_names_its_target_by_number_and_offers_only_where_a_merge_may_go(
    registered, submitted, staff, member_user, session, category
):
    other = services.create_draft(
        actor=member_user,
        session=session,
        title="关于养老服务的另一条建议",
        analysis="同上。",
        suggestions="同上。",
        category=category,
    )
    other = services.register(
        actor=staff, proposal=services.submit(actor=member_user, proposal=other)
    )
    unregistered = services.submit(
        actor=member_user,
        proposal=services.create_draft(
            actor=member_user,
            session=session,
            title="未立案的建议",
            analysis="略。",
            suggestions="略。",
            category=category,
        ),
    )
    form = MergeForm(proposal=unregistered, user=staff)
    choices = {str(v): label for v, label in form.fields["into"].choices if v}
    assert str(other.pk) in choices and str(unregistered.pk) not in choices
    assert choices[str(other.pk)].startswith(other.number_display)
    refused = MergeForm({"into": unregistered.pk}, proposal=unregistered, user=staff)
    assert not refused.is_valid()
    assert "请选择本次会议已立案且尚未办结的提案" in str(refused.errors["into"])
