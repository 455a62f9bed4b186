"""Pages of the duty part: the member's duty page and the leaders' ranking (issue 8)."""


def pages():
    return [
        {"name": "member duty page", "username": "member", "path": "/members/duty/"},
        {"name": "duty ranking", "username": "leader", "path": "/members/duty/ranking/"},
        {
            "name": "duty ranking, by sector, page 2",
            "username": "leader",
            "path": "/members/duty/ranking/?sector=3&page=2",
        },
        {
            "name": "five ones by sector/committee",
            "username": "leader",
            "path": "/members/duty/five-ones/",
        },
        {
            "name": "members with no activity",
            "username": "leader",
            "path": "/members/duty/inactive/",
        },
    ]
