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


# Bands [L]: ≥ 90 优秀, 60–89 称职, < 60 需约谈 (the bottom band has no lower bound).
BANDS = [
    ("优秀", "90", False, "success"),
    ("称职", "60", False, "primary"),
    ("需约谈", None, True, "danger"),
]

# "Five ones" (五个一) [L]: each met by any record of one of its kinds.
MINIMUMS = [
    ("一篇学习心得", ["study_reflection"]),
    ("一次协商活动", ["consultation"]),
    ("一次调研活动", ["research", "research_report", "inspection"]),
    ("一件提案", ["proposal_first", "proposal_cosigner"]),
    ("一件民生实事", ["livelihood"]),
]


def ensure_default_catalogues(sender=None, using="default", **kwargs):
    from .models import PointRule, Post

    if sender is not None and sender.label != "members":
        return
    for kind, points in POINTS.items():
        PointRule.objects.using(using).get_or_create(
            term=None, kind=kind, defaults={"points": Decimal(points)}
        )
    from .models import EvaluationBand, YearlyMinimum

    # Only into empty catalogues: staff may delete a default and it must stay deleted.
    if not EvaluationBand.objects.using(using).filter(term__isnull=True).exists():
        EvaluationBand.objects.using(using).bulk_create(
            [
                EvaluationBand(
                    name=name,
                    min_points=Decimal(low) if low else None,
                    needs_talk=talk,
                    css=css,
                )
                for name, low, talk, css in BANDS
            ]
        )
    if not YearlyMinimum.objects.using(using).exists():
        YearlyMinimum.objects.using(using).bulk_create(
            [
                YearlyMinimum(name=name, kinds=kinds, order=i)
                for i, (name, kinds) in enumerate(MINIMUMS)
            ]
        )
    from .points import clear_config_cache

    clear_config_cache()
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
