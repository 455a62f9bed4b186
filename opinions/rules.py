"""Admin permissions per role for social-opinion reports (object checks live in selectors)."""

from cppcc_portal.accounts.roles import Role, grant

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
