"""The API's lists run a constant number of queries, however many rows they return."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cppcc_portal.notifications.services import notify
from opinions import services as report_services
from proposals import services


def _count(api_client, path):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


def _grow(user, session, category, n):
    for i in range(n):
        services.create_draft(actor=user, session=session, title=f"草稿{i}", category=category)
        report_services.save_draft(actor=user, title=f"社情{i}", problem="问题")
    notify(recipients=[user], kind="test", title="通知")


def test_lists_do_not_grow_with_their_rows(api_as, member_user, session, category):
    me = api_as(member_user)
    _grow(member_user, session, category, 1)
    paths = ("/proposals", "/reports", "/notifications", "/notices", "/invitations")
    me.get("/categories")  # the token's first use of the minute writes its last use
    before = {path: _count(me, path) for path in paths}
    _grow(member_user, session, category, 6)
    after = {path: _count(me, path) for path in paths}
    assert after == before
