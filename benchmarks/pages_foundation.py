"""Pages of the foundation: the member home page and the staff member list."""


def pages():
    return [
        {"name": "member home", "username": "member", "path": "/"},
        {"name": "staff member list", "username": "liaison_staff", "path": "/members/"},
        {
            "name": "staff member list, filtered",
            "username": "liaison_staff",
            "path": "/members/?q=王&status=sitting",
        },
    ]
