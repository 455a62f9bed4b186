"""Demo reminder policies and a few read and unread notifications for the demo accounts."""

from datetime import timedelta

from django.utils import timezone

from cppcc_portal.accounts.roles import Role

from .models import Notification, NotificationPreference, ReminderPolicy

# duty: (days before, overdue every n days)  [L] — the default row is duty ""
POLICIES = {
    "": ("30,7,1", 7),
    "proposal.cosigner_confirm": ("2,1", 2),
    "proposal.unit_signfor": ("3,1", 2),
    "proposal.co_unit_views": ("7,1", 7),
    "proposal.lead_reply": ("30,7,1", 7),
    "proposal.extension_reply": ("30,7,1", 7),
    "proposal.rehandling_reply": ("15,7,1", 7),
    "proposal.evaluation": ("7,3,1", 7),
    "opinion.*": ("3,1", 3),
    "consultation.feedback": ("14,3", 7),
    "inspection.rectification": ("30,7,1", 14),
}

SAMPLES = {
    Role.MEMBER: [
        ("proposal.invited", "张委员邀请您联名提案《关于加强老旧小区加装电梯的建议》"),
        ("proposal.registered", "您的提案《关于推进农村生活污水治理的建议》已立案"),
        ("deadline.reminder", "提醒：请于7日内对《关于完善社区养老服务的建议》的答复作出评价"),
        ("proposal.replied", "区教育局已答复您的提案《关于缓解学校周边交通拥堵的建议》"),
    ],
    Role.PROPOSAL_STAFF: [
        ("proposal.submitted", "新提交提案待审查：《关于加快智慧停车建设的建议》"),
        ("deadline.escalation", "已升级：《关于优化公交线路的建议》的主办答复已逾期"),
        ("proposal.return_requested", "区民政局申请退回提案《关于规范殡葬服务收费的建议》"),
    ],
    Role.UNIT_LIAISON: [
        ("proposal.assigned", "新交办提案：《关于改善学校食堂管理的建议》，请签收"),
        ("deadline.reminder", "提醒：《关于加强校园安全的建议》的答复将于30日后到期"),
        ("deadline.overdue", "已逾期：《关于增加学位供给的建议》的答复已超过期限"),
    ],
    Role.LEADER: [
        ("deadline.escalation", "已升级：重点提案《关于推进河道综合治理的建议》答复逾期"),
        ("proposal.key", "主席会议确定重点提案12件，请查阅督办安排"),
    ],
    Role.OPINION_STAFF: [("opinion.submitted", "新报送社情民意信息：《关于农村电商物流的建议》")],
    Role.CONSULTATION_STAFF: [("consultation.feedback", "协商成果反馈已提交：营商环境专题协商")],
    Role.LIAISON_STAFF: [("station.activity", "杨村街委员联络站新增活动记录3条")],
    Role.STATION_MANAGER: [("station.opinion_referral", "群众意见转办已有答复：小区路灯维修")],
}


def seed(ctx):
    for duty, (days_before, every) in POLICIES.items():
        ReminderPolicy.objects.update_or_create(
            duty=duty, defaults={"days_before": days_before, "overdue_every_days": every}
        )
    now = timezone.now()
    notes, times = [], []
    for role, samples in SAMPLES.items():
        user = ctx.users.get(role)
        if user is None:
            continue
        for i, (kind, title) in enumerate(samples):
            created = now - timedelta(hours=ctx.rng.randint(3, 24 * 14))
            times.append(created)
            notes.append(
                Notification(
                    recipient=user,
                    kind=kind,
                    title=title,
                    read_at=created + timedelta(hours=2) if i % 2 else None,
                )
            )
    Notification.objects.bulk_create(notes)
    # created_at is auto_now_add: spread the samples over the last two weeks afterwards
    for note, created in zip(notes, times, strict=True):
        note.created_at = created
    Notification.objects.bulk_update(notes, ["created_at"])
    member = ctx.users.get(Role.MEMBER)
    if member is not None:
        NotificationPreference.objects.update_or_create(
            user=member, defaults={"email": True, "sms": True, "phone": "13800000000"}
        )
    ctx.log(f"{len(POLICIES)} reminder policies, {len(notes)} notifications")


STEPS = [(60, seed)]  # seed_demo runs the steps of every app in this order
