"""The demo term's earlier sessions (issue 24 item 6): the past years' proposals, written
through the history import (proposals.services.history.import_proposal) as a sheet of them
would be — their own dates, the units that handled them, replies, evaluations and the duty
records of their year, no deadline opened and nobody told — so trends, rankings and the unit
suggestion have a history to read."""

from datetime import timedelta

from cppcc_portal.accounts.roles import Role
from members.models import Member

from .demo_topics import VERBS, pick_topic, title_for, units_for

PER_SESSION = 120  # × scale (capped): a past session's registered proposals
REPLIES = [
    ("A", "经研究，所提问题已解决，相关措施已纳入本年度工作计划并落实。"),
    ("A", "您的建议已采纳，我单位已会同有关部门制定实施方案，目前已完成。"),
    ("B", "所提建议已列入工作计划，正在逐步落实，预计明年完成。"),
    ("B", "经研究，部分建议已采纳，其余将结合规划统筹推进。"),
    ("C", "受政策和资金条件限制，目前暂难实施，我单位将持续关注。"),
]
COMMENTS = ["", "", "答复具体，措施可行。", "办前沟通充分。"]
UNSATISFIED = "答复未回应具体措施，缺少时间表。"


def seed(ctx):
    from .models import Proposal, ProposalCategory
    from .services.history import Lookups, import_proposal

    staff = ctx.users.get(Role.PROPOSAL_STAFF)
    sessions = sorted(ctx.data.get("sessions", []), key=lambda s: s.year)
    if staff is None or len(sessions) < 2:
        return
    rng, today = ctx.rng, ctx.today
    past = [
        s
        for s in sessions[:-1]
        if s.end_date < today and not Proposal.objects.filter(session=s).exists()
    ]
    categories = {c.name: c for c in ProposalCategory.objects.all()}
    units = ctx.data["units"]
    units_by_name = {u.name: u for u in units}
    members = [m for m in ctx.data["members"] if m.status == Member.Status.SITTING]
    look = Lookups()
    count = PER_SESSION * min(ctx.scale, 3)
    made = 0
    for session in past:
        window = (session.proposal_window_end - session.proposal_window_start).days
        for number in range(1, count + 1):
            category, topic, lead_name, co_names = pick_topic(rng, categories)
            lead, co = units_for(rng, units_by_name, units[0], lead_name, co_names)
            first = rng.choice(members)
            joint = rng.random() < 0.3
            cosigners = [m.pk for m in rng.sample(members, 3) if m.pk != first.pk][
                : rng.randint(1, 3) if joint else 0
            ]
            submitted = session.proposal_window_start + timedelta(rng.randint(0, window))
            registered = submitted + timedelta(rng.randint(2, 12))
            assigned = registered + timedelta(rng.randint(5, 20))
            replied = assigned + timedelta(rng.randint(40, 120))
            result, reply = rng.choice(REPLIES)
            evaluated = rng.random() < 0.93
            satisfaction = rng.choice(["satisfied"] * 6 + ["basic"] * 3 + ["unsatisfied"])
            plan = {
                "session": session.pk,
                "number": number,
                "kind": "joint" if cosigners else "individual",
                "is_plenary": True,
                "category": (category or next(iter(categories.values()))).pk,
                "title": title_for(rng, topic)[:100],
                "analysis": f"近年来，我区{topic}工作取得一定成效，但仍存在投入不足、机制不健全、"
                f"群众获得感不强等问题。据调研，相关问题在{rng.randint(3, 19)}个镇街普遍存在。",
                "suggestions": f"一是{rng.choice(VERBS)}统筹规划；二是加大财政投入；"
                f"三是建立{topic}长效机制；四是强化督查考核。",
                "organisation": "",
                "first_proposer": first.pk,
                "cosigners": cosigners,
                "submitted_on": submitted.isoformat(),
                "registered_on": registered.isoformat(),
                "assigned_on": assigned.isoformat(),
                "lead_unit": lead.pk,
                "co_units": [u.pk for u in co],
                "replied_on": replied.isoformat(),
                "result": result,
                "reply_text": reply,
                "signer": lead.head_name or "局长",
                "satisfaction": satisfaction if evaluated else "",
                "score_before": rng.randint(3, 5) if evaluated else None,
                "score_during": rng.randint(3, 5) if evaluated else None,
                "score_reply": (2 if satisfaction == "unsatisfied" else rng.randint(3, 5))
                if evaluated
                else None,
                "evaluation_comment": UNSATISFIED
                if satisfaction == "unsatisfied"
                else rng.choice(COMMENTS)
                if evaluated
                else "",
                "evaluated_on": (replied + timedelta(rng.randint(3, 20))).isoformat()
                if evaluated
                else "",
            }
            import_proposal(actor=staff, plan=plan, lookups=look)
            made += 1
    ctx.log(f"{made} past proposals in {len(past)} earlier session(s), imported with their dates")
