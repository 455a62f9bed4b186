"""Pages of the notifications part: a person's notifications and the staff deadline view."""


def pages():
    return [
        {"name": "notification list", "username": "unit_liaison", "path": "/notifications/"},
        {
            "name": "staff deadlines",
            "username": "proposal_staff",
            "path": "/notifications/deadlines/",
        },
        {
            "name": "staff deadlines, overdue",
            "username": "proposal_staff",
            "path": "/notifications/deadlines/?when=overdue",
        },
        {
            "name": "delivery failures",
            "username": "proposal_staff",
            "path": "/notifications/deliveries/",
        },
    ]
