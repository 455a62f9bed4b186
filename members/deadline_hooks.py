"""The handling unit as a responsible party of deadlines (cppcc_portal.notifications.parties):
"unit:<id>" is the unit's liaisons of the day (its head when it has none), "unit_head:<id>"
its head of the day — so a replaced liaison stops receiving and an escalation reaches the
head who holds the post when it goes out."""

from collections import defaultdict

from cppcc_portal.notifications.parties import party_key, party_kind

from .models import HandlingUnit


def _ids(keys):
    return [int(k) for k in keys if k.isdigit()]


def _units_of_users(user_ids):
    """The units a person answers for: as a liaison, or as the head of a unit with none."""
    found = defaultdict(set)
    through = HandlingUnit.liaisons.through
    for user_id, unit_id in through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "handlingunit_id"
    ):
        found[user_id].add(str(unit_id))
    for unit_id, head_id in HandlingUnit.objects.filter(
        head_user_id__in=user_ids, liaisons__isnull=True
    ).values_list("pk", "head_user_id"):
        found[head_id].add(str(unit_id))
    return found


def _unit_keys_of(user):
    through = HandlingUnit.liaisons.through
    return [
        through.objects.filter(user_id=user.pk).annotate(key=party_key("unit", "handlingunit_id")),
        HandlingUnit.objects.filter(head_user_id=user.pk, liaisons__isnull=True).annotate(
            key=party_key("unit", "pk")
        ),
    ]


@party_kind("unit", of_users=_units_of_users, keys_of=_unit_keys_of)
def unit_liaisons(keys):
    ids = _ids(keys)
    found = defaultdict(set)
    for unit_id, user_id in HandlingUnit.liaisons.through.objects.filter(
        handlingunit_id__in=ids, user__is_active=True
    ).values_list("handlingunit_id", "user_id"):
        found[str(unit_id)].add(user_id)
    for unit_id, head_id in HandlingUnit.objects.filter(
        pk__in=ids, head_user__isnull=False
    ).values_list("pk", "head_user_id"):
        found.setdefault(str(unit_id), {head_id})  # nobody to do it: the head is told
    return found


@party_kind("unit_head")
def unit_heads(keys):
    return {
        str(unit_id): {head_id}
        for unit_id, head_id in HandlingUnit.objects.filter(
            pk__in=_ids(keys), head_user__isnull=False, head_user__is_active=True
        ).values_list("pk", "head_user_id")
    }
