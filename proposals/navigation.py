from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.navigation import NavItem
from members.selectors import acts_as_member


def _invitations(user):
    from .selectors import pending_invitations

    return pending_invitations(user).count()


def _to_review(user):
    from .selectors import review_queue

    return review_queue(user).count()


def _to_sign(user):
    from .selectors import unit_queue

    return unit_queue(user).filter(signed_at__isnull=True).count()


def _instructions_asked(user):
    from .selectors import open_instruction_request_count

    return open_instruction_request_count(user)


POSITION = 20  # place in the menu (core.contributions)
GROUP = "proposals"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(
        _("My proposals"),
        "proposals:mine",
        "journal-text",
        frozenset({Role.MEMBER}),
        _invitations,
        tab="proposals",
        when=acts_as_member,
    ),
    NavItem(
        _("Proposals"),
        "proposals:list",
        "journals",
        frozenset({Role.PROPOSAL_STAFF, Role.LEADER}),
    ),
    NavItem(
        _("Review queue"), "proposals:review", "inbox", frozenset({Role.PROPOSAL_STAFF}), _to_review
    ),
    NavItem(
        _("Assigned proposals"),
        "proposals:unit_queue",
        "briefcase",
        frozenset({Role.UNIT_LIAISON}),
        _to_sign,
    ),
    NavItem(_("Key proposals"), "proposals:leader", "star", frozenset({Role.LEADER})),
    NavItem(
        _("Dissatisfied proposals"),
        "proposals:dissatisfied",
        "emoji-frown",
        frozenset({Role.LEADER}),
    ),
    NavItem(_("Excellent proposals"), "proposals:excellent", "award", frozenset({Role.MEMBER})),
    NavItem(
        _("Suggested topics"),
        "proposals:topics",
        "lightbulb",
        frozenset({Role.MEMBER, Role.PROPOSAL_STAFF}),
    ),
    NavItem(
        _("Instructions asked of me"),
        "proposals:instruction_requests",
        "pen",
        frozenset({Role.LEADER}),
        _instructions_asked,
    ),
    NavItem(
        _("Import past records"),
        "imports:index",
        "cloud-upload",
        # the roles of the sheets (core.imports): proposals and units, reports, consultations
        frozenset({Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.CONSULTATION_STAFF}),
        group="system",
    ),
]
