"""Pages of the social-opinion part for the performance harness (after seed_demo)."""


def pages():
    return [
        {"name": "opinions: editing desk", "username": "opinion_staff", "path": "/opinions/desk/"},
        {"name": "opinions: all reports", "username": "opinion_staff", "path": "/opinions/"},
        {
            "name": "opinions: search",
            "username": "opinion_staff",
            "path": "/opinions/?q=%E5%85%BB%E8%80%81",
        },
        {
            "name": "opinions: bulletin issues",
            "username": "opinion_staff",
            "path": "/opinions/issues/",
        },
        {"name": "opinions: my reports", "username": "member", "path": "/opinions/"},
    ]
