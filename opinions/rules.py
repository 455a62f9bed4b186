"""Who may do what with a social-opinion report: the role checks the services refuse with,
and one predicate per action (the role plus what the state table allows now) that the action
table (opinions.actions) offers an action by. Object visibility lives in selectors."""

from cppcc_portal.accounts.roles import Role, grant, has_role
from members.selectors import member_for

from . import workflow

grant(
    Role.OPINION_STAFF,
    *[
        f"opinions.{action}_{model}"
        for model in ("recipient", "bulletinissue")
        for action in ("view", "add", "change")
    ],
    "opinions.view_report",
    "opinions.view_reportuse",
    "opinions.view_instruction",
    "opinions.view_forwarding",
)
grant(Role.LEADER, "opinions.view_recipient", "opinions.view_bulletinissue")

# who may turn a not-registered proposal or a resident's opinion into a report
CONVERTER_ROLES = (Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.STATION_MANAGER)


def is_staff(user) -> bool:
    """Information staff (信息工作人员): the editing desk, the bulletin, the outcomes."""
    return has_role(user, Role.OPINION_STAFF)


def is_author(user, report) -> bool:
    member = member_for(user)
    return member is not None and report.member_id == member.pk


def may_write(user) -> bool:
    """A member with a member record (a superuser has nobody to write as)."""
    return has_role(user, Role.MEMBER) and member_for(user) is not None


def may_convert(user) -> bool:
    return has_role(user, *CONVERTER_ROLES)


def may_enter_on_paper(user) -> bool:
    """代录入: information staff enter a report a member handed in on paper."""
    return is_staff(user)


def may_edit_draft(user, report) -> bool:
    """Change, delete or submit: the author, while it is a draft."""
    return workflow.meta(report).author_edits and is_author(user, report)


def may_staff_edit(user, report) -> bool:
    """核稿: staff edit the working text while the report is on the desk."""
    return is_staff(user) and workflow.meta(report).staff_edits


def may_attach(user, report) -> bool:
    return may_edit_draft(user, report) or may_staff_edit(user, report)


def may_decide(user, report) -> bool:
    """Keep without adopting (or combine): any report on the desk."""
    return is_staff(user) and workflow.meta(report).in_queue


def may_start_editing(user, report) -> bool:
    """核稿 begins: a submitted report is taken onto the editing desk."""
    return is_staff(user) and workflow.can(report, "start_editing")


def may_adopt(user, report) -> bool:
    """Adopt into the bulletin: only a report that passed editing (DOMAIN §3)."""
    return is_staff(user) and workflow.meta(report).adoptable


def may_record_outcome(user, report) -> bool:
    """Forward an adopted report, record its uses and leaders' instructions."""
    return is_staff(user) and workflow.meta(report).published
