"""Pages of the consultations part for the performance harness (run after seed_demo)."""


def pages():
    return [
        {
            "name": "consultation list",
            "username": "consultation_staff",
            "path": "/consultations/list/",
        },
        {
            "name": "consultation list, filtered",
            "username": "consultation_staff",
            "path": "/consultations/list/?state=held&q=%E5%8F%91%E5%B1%95",
        },
        {"name": "meetings", "username": "consultation_staff", "path": "/consultations/meetings/"},
        {"name": "member's invitations", "username": "member", "path": "/consultations/my/"},
    ]
