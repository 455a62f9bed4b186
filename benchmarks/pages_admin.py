"""The Django admin's changelists as anchors: the duty ledger (the largest table) and the
proposals, as the system administrator."""


def pages():
    return [
        {"name": "admin: duty records", "username": "admin", "path": "/admin/members/dutyrecord/"},
        {
            "name": "admin: duty records, filtered by year",
            "username": "admin",
            "path": "/admin/members/dutyrecord/?year=2026",
        },
        {"name": "admin: proposals", "username": "admin", "path": "/admin/proposals/proposal/"},
    ]
