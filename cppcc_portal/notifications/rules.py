"""Who may see the portal-wide deadline view and the delivery failures: committee staff
(and the superuser, who holds every role). Everyone else sees only their own notifications."""

import rules

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, grant, has_role


@rules.predicate
def can_view_deadlines(user):
    return has_role(user, *STAFF_ROLES)


@rules.predicate
def can_manage_deliveries(user):
    return has_role(user, *STAFF_ROLES)


rules.add_perm("notifications.view_all_deadlines", can_view_deadlines)
rules.add_perm("notifications.retry_delivery", can_manage_deliveries)

for _role in STAFF_ROLES:
    grant(
        _role,
        "notifications.view_deadline",
        "notifications.view_remindersent",
        "notifications.view_delivery",
        "notifications.change_delivery",
        "notifications.view_reminderpolicy",
        "notifications.view_calendaroverride",
        "notifications.view_holidaynotice",
        "notifications.view_deadlinechange",
    )
grant(
    Role.PROPOSAL_STAFF,
    "notifications.add_reminderpolicy",
    "notifications.change_reminderpolicy",
    "notifications.delete_reminderpolicy",
    "notifications.add_calendaroverride",
    "notifications.change_calendaroverride",
    "notifications.delete_calendaroverride",
    # the State Council's yearly notice: entering it recomputes open deadlines portal-wide
    "notifications.add_holidaynotice",
    "notifications.change_holidaynotice",
)
