"""A year of work news (~60 × scale articles) and ~30 notices, some receipts outstanding.

The notices go to every kind of audience: all members, a committee, a sector, a liaison
station (some to the demo member's own) and chosen members."""

import io
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from members.models import CommitteeMembership, Member
from stations.selectors import open_assignments

from .audience import audience_pairs
from .models import Article, ArticleImage, Category, Notice, NoticeRecipient

TOPICS = {
    "会议": ["区政协召开主席会议", "区政协常委会会议审议年度工作报告", "区政协召开全体会议"],
    "协商": ["“请你来商量”聚焦老旧小区改造", "专题协商会议助力营商环境优化", "界别协商推进养老服务"],
    "视察调研": ["委员视察农村人居环境整治", "调研组赴街道了解基层治理", "视察重点项目建设进展"],
    "联络站": ["委员联络站开展“委员讲堂”", "联络站走访居民收集意见", "便民服务活动送医送法进社区"],
    "委员风采": ["委员风采：扎根基层的乡村医生", "委员风采：科技创新带头人", "委员风采：热心公益的企业家"],
    "提案工作": ["重点提案督办座谈会召开", "提案办理协商会推动问题解决", "优秀提案评选结果揭晓"],
    "学习培训": ["委员履职能力培训班开班", "读书活动分享会举行", "专题学习会深入学习理论"],
    "综合": ["区政协机关开展志愿服务", "区政协召开年度工作总结会", "政协文史资料征集启动"],
}  # fmt: skip
PARAGRAPHS = [
    "会议强调，要坚持团结和民主两大主题，紧扣全区中心工作，深入协商议政，积极建言献策。",
    "与会委员围绕主题踊跃发言，提出了许多具有针对性和可操作性的意见建议。",
    "委员们表示，将进一步增强履职本领，深入基层一线，及时反映群众诉求。",
    "活动现场气氛热烈，群众纷纷表示这样的活动实实在在、贴近生活。",
    "下一步，区政协将持续跟踪有关意见建议的落实情况，推动问题得到有效解决。",
]
NOTICES = [
    ("关于召开区政协{n}次常委会会议的通知", True),
    ("关于参加“请你来商量”协商活动的通知", True),
    ("关于开展委员进站履职活动的通知", False),
    ("关于报送年度履职情况的通知", True),
    ("关于组织委员视察调研的通知", True),
    ("关于参加委员履职培训的通知", True),
    ("关于征集社情民意信息的通知", False),
    ("关于做好提案撰写工作的通知", False),
]


def _png(color):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), color).save(buffer, format="PNG")
    return buffer.getvalue()


def seed(ctx):
    rng, scale = ctx.rng, ctx.scale
    now = timezone.now()
    categories = list(Category.objects.filter(is_active=True))
    if not categories:
        return
    author = ctx.users.get("liaison_staff") or User.objects.filter(is_superuser=True).first()
    covers = [
        default_storage.save(f"news/article/demo-cover-{i}.png", ContentFile(_png(c)))
        for i, c in enumerate(["#a4161a", "#1d3557", "#2a9d8f", "#e9c46a", "#6d597a"])
    ]
    articles = []
    total = 60 * scale
    for i in range(total):
        category = rng.choice(categories)
        title = rng.choice(TOPICS.get(category.name, TOPICS["综合"]))
        when = now - timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 10))
        paragraphs = rng.sample(PARAGRAPHS, 3)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        state = "published"
        if i < 3:
            state, when = "scheduled", now + timedelta(days=i + 1)
        elif i < 6:
            state = "draft"
        articles.append(
            Article(
                title=title,
                summary=paragraphs[0][:60],
                body=body,
                cover=rng.choice(covers) if rng.random() < 0.6 else "",
                category=category,
                visibility=Article.Visibility.MEMBERS
                if rng.random() < 0.25
                else Article.Visibility.PUBLIC,
                status=Article.Status.DRAFT if state == "draft" else Article.Status.PUBLISHED,
                publish_at=None if state == "draft" else when,
                author=author,
                byline="区政协办公室" if rng.random() < 0.5 else "",
                is_demo=True,
            )
        )
    articles = Article.objects.bulk_create(articles)
    # A few articles carry a picture in the body, served through the permission-checked view.
    for article in articles[6:16]:
        image = ArticleImage.objects.create(
            article=article, image=rng.choice(covers), original_name="现场照片.png"
        )
        article.body += f'<figure><img src="{image.get_absolute_url()}" alt="活动现场">'
        article.body += "<figcaption>活动现场</figcaption></figure>"
    Article.objects.bulk_update(articles[6:16], ["body"])
    ctx.log(f"{len(articles)} articles")
    _seed_notices(ctx, author, now)


def _seed_notices(ctx, author, now):
    rng = ctx.rng
    data = ctx.data
    sectors, committees = data.get("sectors") or [], data.get("committees") or []
    member = getattr(ctx.users.get("member"), "member", None)
    my_committee = (
        CommitteeMembership.objects.filter(member=member)
        .values_list("committee_id", flat=True)
        .first()
        if member
        else None
    )
    # stations whose members include someone with an account, so each station notice has readers
    staffed = set(
        open_assignments()
        .filter(member__status=Member.Status.SITTING, member__user__isnull=False)
        .values_list("station_id", flat=True)
        .distinct()
    )
    stations = [s for s in data.get("stations") or [] if s.is_active and s.pk in staffed]
    my_station = (
        open_assignments()
        .filter(member=member, station__kind__is_home=True)
        .values_list("station_id", flat=True)
        .first()
        if member
        else None
    )
    attachment = default_storage.save(
        "news/notice/demo-agenda.pdf",
        ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    )
    notices, recipients = [], []
    for i in range(30):
        template, with_reply = NOTICES[i % len(NOTICES)]
        published = now - timedelta(days=int(365 * i / 30) + rng.randint(0, 5))
        kind = ["all", "committee", "sector", "chosen", "station", "all"][i % 6]
        notice = Notice(
            title=template.format(n=f"第{i + 1}"),
            body="各位委员：\n\n" + rng.choice(PARAGRAPHS) + "\n\n请按时参加。\n\n区政协办公室",
            audience=kind,
            status=Notice.Status.PUBLISHED,
            published_at=published,
            created_by=author,
            published_by=author,
            is_demo=True,
        )
        if kind == "committee" and committees:
            use_mine = my_committee and i % 2 == 1
            notice.committee_id = my_committee if use_mine else rng.choice(committees).pk
        elif kind == "sector" and sectors:
            notice.sector = member.sector if member and i % 4 == 2 else rng.choice(sectors)
        elif kind == "station" and stations:
            use_mine = my_station and i % 12 == 4
            notice.station_id = my_station if use_mine else rng.choice(stations).pk
        elif kind in {"committee", "sector", "station"}:
            notice.audience = "all"
        if with_reply:
            notice.reply_by = (published + timedelta(days=7)).date()
            notice.receipt_label = "确认参加" if "会议" in notice.title else ""
        if i % 5 == 0:
            notice.attachment, notice.attachment_name = attachment, "会议议程.pdf"
        if i < 3:  # the newest are still open
            notice.published_at = now - timedelta(hours=3 * (i + 1))
            if with_reply:
                notice.reply_by = ctx.today + timedelta(days=5 + i)
        notices.append(notice)
    notices = Notice.objects.bulk_create(notices)
    sitting = list(
        Member.objects.filter(status=Member.Status.SITTING, user__isnull=False).values_list(
            "pk", flat=True
        )[:40]
    )
    for notice in notices:
        if notice.audience == "chosen":
            chosen = rng.sample(sitting, min(len(sitting), 12))
            if member and member.pk not in chosen:
                chosen.append(member.pk)
            notice.chosen_members.set(chosen)
        open_reply = notice.reply_by and notice.reply_by >= ctx.today
        for member_id, user_id in audience_pairs(notice):
            read = rng.random() < (0.5 if open_reply else 0.9)
            confirmed = notice.reply_by and read and rng.random() < (0.4 if open_reply else 0.85)
            at = notice.published_at + timedelta(hours=rng.randint(1, 72))
            recipients.append(
                NoticeRecipient(
                    notice=notice,
                    member_id=member_id,
                    user_id=user_id,
                    read_at=at if read else None,
                    confirmed_at=at if confirmed else None,
                )
            )
    # The demo member keeps the open receipts to do on their phone.
    if member:
        for row in recipients:
            if (
                row.member_id == member.pk
                and row.notice.reply_by
                and row.notice.reply_by >= ctx.today
            ):
                row.read_at = row.confirmed_at = None
    NoticeRecipient.objects.bulk_create(recipients, batch_size=2000)
    data["news_notices"] = notices
    ctx.log(f"{len(notices)} notices, {len(recipients)} recipient marks")


STEPS = [(70, seed)]  # seed_demo runs the steps of every app in this order
