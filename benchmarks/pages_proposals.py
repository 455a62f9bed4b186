"""Pages of the proposal pipeline (called after seed_demo, so object ids come from the DB)."""

from urllib.parse import quote


def pages():
    from proposals.models import Proposal

    busy = (
        Proposal.objects.filter(status="closed", rehandling_rounds=1).order_by("pk").first()
        or Proposal.objects.exclude(status="draft").order_by("pk").first()
    )
    title = quote("关于加强社区养老服务设施建设的建议")
    return [
        {"name": "proposal list (staff)", "username": "proposal_staff", "path": "/proposals/"},
        {
            "name": "proposal list, searched (staff)",
            "username": "proposal_staff",
            "path": f"/proposals/?q={quote('养老')}&status=closed",
        },
        {
            "name": "proposal detail",
            "username": "proposal_staff",
            "path": f"/proposals/{busy.pk}/",
        },
        {"name": "unit queue", "username": "unit_liaison", "path": "/proposals/unit/"},
        {"name": "staff review queue", "username": "proposal_staff", "path": "/proposals/review/"},
        {"name": "member's proposals", "username": "member", "path": "/proposals/mine/"},
        {
            "name": "similar-proposal lookup",
            "username": "member",
            "path": f"/proposals/similar/?title={title}",
        },
    ]
