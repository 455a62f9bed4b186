"""Default catalogues every district starts with (editable in the admin afterwards):
the points table of DOMAIN §5 and the posts. Loaded after every migrate (and test flush)."""

from decimal import Decimal

POINTS = {
    "plenary_attended": "5",
    "plenary_leave": "-10",
    "plenary_absent": "-30",
    "meeting_attended": "5",
    "meeting_leave": "0",
    "meeting_absent": "-5",
    "consultation": "5",
    "speech": "5",
    "proposal_first": "15",
    "proposal_cosigner": "3",
    "proposal_key": "15",
    "proposal_excellent": "10",
    "opinion_submitted": "0",
    "opinion_adopted": "1",
    "opinion_used_district": "2",
    "opinion_used_city": "5",
    "opinion_used_national": "20",
    "opinion_instructed_district": "5",
    "opinion_instructed_city": "10",
    "opinion_instructed_central": "30",
    "inspection": "5",
    "research": "5",
    "research_report": "5",
    "station_activity": "3",
    "livelihood": "3",
    "study_reflection": "2",
    "training": "2",
    "honour": "5",
    "manual": "0",
}

POSTS = [
    ("chairman", "主席", True, True),
    ("vice_chairman", "副主席", True, True),
    ("secretary_general", "秘书长", True, True),
    ("standing_member", "常委", False, True),
    ("member", "委员", False, False),
    ("committee_director", "专委会主任", False, False),
    ("committee_deputy", "专委会副主任", False, False),
    ("sector_convener", "界别召集人", False, False),
    ("station_head", "联络站站长", False, False),
    ("invited_supervisor", "特邀监督员", False, False),
]


def ensure_default_catalogues(sender=None, using="default", **kwargs):
    from .models import PointRule, Post

    if sender is not None and sender.label != "members":
        return
    for kind, points in POINTS.items():
        PointRule.objects.using(using).get_or_create(
            term=None, kind=kind, defaults={"points": Decimal(points)}
        )
    for order, (code, name, chairman, standing) in enumerate(POSTS):
        Post.objects.using(using).get_or_create(
            code=code,
            defaults={
                "name": name,
                "in_chairman_meeting": chairman,
                "in_standing_committee": standing,
                "order": order,
            },
        )
