"""The one search box (core/search.py): a member's and a staff member's search, Chinese
substrings."""


def pages():
    return [
        {"name": "search (member)", "username": "member", "path": "/search/?q=%E5%85%BB%E8%80%81"},
        {
            "name": "search (proposal staff)",
            "username": "proposal_staff",
            "path": "/search/?q=%E4%BA%A4%E9%80%9A",
        },
    ]
