from cppcc_portal.accounts.roles import Role, grant

grant(
    Role.PROPOSAL_STAFF,
    "proposals.view_handlingunit",
    "proposals.add_handlingunit",
    "proposals.change_handlingunit",
)
