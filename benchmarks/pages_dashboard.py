"""Pages the lead's `make bench` times for the dashboard part (scale 1 and 10)."""


def pages():
    return [
        {"name": "leader dashboard", "username": "leader", "path": "/dashboard/"},
        {
            "name": "leader dashboard (large screen)",
            "username": "leader",
            "path": "/dashboard/?screen=1",
        },
        {"name": "dashboard Excel", "username": "leader", "path": "/dashboard/export/"},
        {"name": "home (staff work queue)", "username": "proposal_staff", "path": "/"},
    ]
