"""The issue's journey through the API alone for the member and the co-signer: create →
invite → the co-signer confirms → submit → (staff register and assign, the unit replies,
through the services) → the member reads the reply and evaluates."""

from proposals import services
from proposals.models import Proposal
from tests.proposals.factories import release_reply, talk


def test_member_journey_through_the_api(
    api_as, member_user, make_member_user, session, category, staff, unit, liaison
):
    me = api_as(member_user)
    cosigner_user = make_member_user("李联名")
    r = me.post(
        "/proposals", {"title": "关于完善社区养老服务体系的建议", "category_id": category.pk}
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["status"] == "draft"

    r = me.patch(
        f"/proposals/{pk}",
        {"analysis": "我区老龄化加快，社区养老设施不足。", "suggestions": "增加社区养老服务中心。"},
    )
    assert r.status_code == 200 and r.json()["analysis"].startswith("我区"), r.json()

    r = me.get("/members", q="李联名")
    target = next(m for m in r.json() if m["name"] == "李联名")
    r = me.post(f"/proposals/{pk}/cosigners", {"member_id": target["id"]})
    assert r.status_code == 201, r.json()
    assert [c["state"] for c in r.json()["cosigners"]] == ["invited"]

    co = api_as(cosigner_user)
    invitations = co.get("/invitations").json()
    assert [i["proposal_id"] for i in invitations] == [pk]
    r = co.post(f"/invitations/{invitations[0]['id']}/answer", {"accept": True})
    assert r.status_code == 200, r.json()
    assert co.get(f"/proposals/{pk}").status_code == 200  # a co-signer reads it too

    r = me.post(f"/proposals/{pk}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted", r.json()

    # staff and the unit on the web: the same services the pages call
    p = services.register(actor=staff, proposal=Proposal.objects.get(pk=pk))
    p = services.assign(actor=staff, proposal=p, lead=unit)
    lead = p.assignments.get(role="lead")
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead)
    release_reply(
        liaison=liaison, assignment=lead, staff=staff, result="A", text="已建成两处中心。"
    )

    replies = me.get(f"/proposals/{pk}/replies").json()
    assert [(x["result"], x["text"]) for x in replies] == [("A", "已建成两处中心。")]
    r = me.post(
        f"/proposals/{pk}/evaluation",
        {"satisfaction": "satisfied", "score_before": 5, "score_during": 5, "score_reply": 4},
    )
    assert r.status_code == 201, r.json()
    assert r.json()["status"] == "closed"
    steps = [e["action"] for e in me.get(f"/proposals/{pk}/timeline").json()]
    for step in (
        "create",
        "invite",
        "cosign_confirm",
        "submit",
        "register",
        "assign",
        "reply",
        "close",
    ):
        assert step in steps, (step, steps)
    assert "reply_drafted" not in steps  # the sign-off stays internal, as on the page


def test_errors_are_json_in_chinese_with_the_field(api_as, member_user, session, category):
    me = api_as(member_user)
    pk = me.post("/proposals", {"title": "关于建议", "category_id": category.pk}).json()["id"]
    r = me.post(f"/proposals/{pk}/submit")  # no analysis, no suggestions
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid"
    assert {e["field"] for e in body["errors"]} == {"analysis", "suggestions"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
    r = me.post("/proposals", {"title": "   "})
    assert r.status_code == 422 and r.json()["field"] == "title", r.json()
    r = me.post("/proposals", {"title": "标题\u0000"})
    assert r.status_code == 422 and r.json()["field"] == "title", r.json()
    r = me.post("/proposals", {"title": "标题", "category_id": 2147483647})
    assert r.status_code == 422 and r.json()["field"] == "category_id", r.json()


def test_a_co_signer_may_not_edit_or_submit(
    api_as, member_user, make_member_user, session, category
):
    me = api_as(member_user)
    other_user = make_member_user("张联名")
    pk = me.post("/proposals", {"title": "关于建议", "category_id": category.pk}).json()["id"]
    me.post(f"/proposals/{pk}/cosigners", {"member_id": other_user.member.pk})
    other = api_as(other_user)
    assert other.get(f"/proposals/{pk}").status_code == 200
    r = other.patch(f"/proposals/{pk}", {"title": "改"})
    assert r.status_code == 403 and r.json()["code"] == "forbidden", r.json()
    assert other.post(f"/proposals/{pk}/submit").status_code == 403
