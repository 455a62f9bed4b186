"""The default catalogues (DOMAIN §2.1, §2.3) — the data migration loads a copy of these;
staff edit them in the admin afterwards."""

CATEGORIES = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他"]
GROUNDS = [
    "涉及国家秘密",
    "属于国家明令禁止的事项",
    "涉及党的人事安排",
    "属于党派团体内部事务",
    "属于诉讼、仲裁中的案件",
    "属于学术讨论",
    "涉及个人或家庭事务",
    "为特定产品或作品宣传推介",
    "属于具名检举控告",
    "内容空泛、无具体建议",
]


def ensure_catalogues():
    """Load the defaults where a table is empty (e.g. a test database flushed after migrate)."""
    from .models import NotRegisteredGround, ProposalCategory

    if not ProposalCategory.objects.exists():
        for i, name in enumerate(CATEGORIES):
            ProposalCategory.objects.get_or_create(name=name, defaults={"order": i})
    if not NotRegisteredGround.objects.exists():
        for i, text in enumerate(GROUNDS):
            NotRegisteredGround.objects.get_or_create(text=text, defaults={"order": i})
