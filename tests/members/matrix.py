"""Permission matrix declarations for the member registry and the foundation's pages."""

from tests.factories import MemberFactory
from tests.matrix.registry import EVERY_ROLE, STAFF, Case

REGISTRY = STAFF | {"leader"}

EXPECT = {
    "home": EVERY_ROLE,
    "profile": EVERY_ROLE,
    "password_change": EVERY_ROLE,
    "password_change_done": EVERY_ROLE,
    "members:list": REGISTRY,
    "members:export": REGISTRY,
    "members:import": STAFF,
    "members:import_template": STAFF,
    # 换届 (issue 18): liaison and proposal staff, plus administrators
    "members:term_change": {"liaison_staff", "proposal_staff", "superuser"},
}


def _member_detail(users):
    other = MemberFactory(name="矩阵委员")
    own = users["member"].member
    return [
        Case({"pk": other.pk}, REGISTRY, "another member"),
        Case({"pk": own.pk}, REGISTRY | {"member"}, "the member's own record"),
    ]


def _link_account(users):
    other = MemberFactory(name="关联委员")
    return [
        Case({"pk": other.pk}, {"security_admin"}, "a member without an account"),
        Case({"pk": users["member"].member.pk}, {"security_admin"}, "the member's own record"),
    ]


PROVIDERS = {"members:detail": _member_detail, "members:link_account": _link_account}
# 三员分立: which account is which member's is the security administrator's alone
EXPECT["members:account_links"] = {"security_admin"}


# --- Duty and study (issue 8) ----------------------------------------------------------------

VIEWERS = STAFF | {"leader"}
STUDY = VIEWERS | {"member"}

EXPECT.update(
    {
        "members:my_duty": VIEWERS | {"member"},  # viewers without a member record: redirected
        "members:duty_ranking": VIEWERS,
        "members:duty_ranking_export": VIEWERS,
        "members:duty_inactive": VIEWERS,
        "members:duty_five_ones": VIEWERS,
        "members:duty_nominations": VIEWERS,
        "members:duty_recompute": VIEWERS,
        "members:duty_archives": STAFF,
        "members:study": STUDY,
        "members:study_material_new": STAFF,
        "members:reflections": STUDY,
        "members:trainings": STUDY,
        "members:training_new": STAFF,
    }
)


def _duty_member_cases(users):
    from members.models import DutyKind
    from members.services import record_duty
    from tests.factories import TermFactory

    TermFactory()
    other = MemberFactory(name="矩阵履职委员")
    record_duty(member=other, kind=DutyKind.SPEECH, source_key="matrix:1", occurred_on=_today())
    own = users["member"].member
    return [
        Case({"pk": other.pk}, VIEWERS, "another member"),
        Case({"pk": own.pk}, VIEWERS | {"member"}, "the member's own duty"),
    ]


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _manual_duty(users):
    return [Case({"pk": MemberFactory().pk}, STAFF, "a member")]


def _void_record(users):
    from members.models import DutyKind
    from members.services import record_duty
    from tests.factories import TermFactory

    TermFactory()
    record, _ = record_duty(
        member=MemberFactory(), kind=DutyKind.SPEECH, source_key="matrix:2", occurred_on=_today()
    )
    # no reason given: staff are sent back with a message, the record stays live
    return [Case({"pk": record.pk}, STAFF, "a record", method="post", ok={302})]


def _nomination(users):
    from members.models import Nomination

    nomination = Nomination.objects.create(
        member=MemberFactory(), year=_today().year, points=1, nominated_by=users["superuser"]
    )
    return [Case({"pk": nomination.pk}, STAFF, "a nomination", method="post", ok={302, 404})]


def _archive_job(users):
    from members.models import ArchiveJob

    job = ArchiveJob.objects.create(
        sector=MemberFactory().sector, year=_today().year, requested_by=users["superuser"]
    )
    return [Case({"pk": job.pk}, {"superuser"}, "the superuser's job")]


def _archive_download(users):
    from members.models import ArchiveJob

    job = ArchiveJob.objects.create(
        sector=MemberFactory().sector, year=_today().year, requested_by=users["superuser"]
    )
    return [Case({"pk": job.pk}, set(), "a job not built yet")]


def _study(users):
    from members import services

    staff = users["liaison_staff"]
    return {
        "material": services.publish_material(actor=staff, title="矩阵资料", body="正文"),
        "training": services.create_training(actor=staff, title="矩阵培训", held_on=_today()),
        "reflection": services.submit_reflection(
            actor=users["member"],
            title="矩阵心得",
            body="学习政协章程的体会和收获，转化为履职能力。",
        ),
    }


def _material(users):
    return [Case({"pk": _study(users)["material"].pk}, STUDY, "a material for everyone")]


def _material_file(users):
    # no file attached: admitted roles get 404 from the file view, the others 403
    return [Case({"pk": _study(users)["material"].pk}, STUDY, "a material without file", ok={404})]


def _reflection(users):
    return [Case({"pk": _study(users)["reflection"].pk}, STUDY, "the member's reflection")]


def _reflection_review(users):
    # no decision or comment: a return without a reason is refused with a message
    return [
        Case(
            {"pk": _study(users)["reflection"].pk},
            STAFF,
            "a reflection",
            method="post",
            ok={302},
        )
    ]


def _training(users):
    return [Case({"pk": _study(users)["training"].pk}, STUDY, "a training")]


PROVIDERS.update(
    {
        "members:member_duty": _duty_member_cases,
        "members:archive_docx": _duty_member_cases,
        "members:archive_pdf": _duty_member_cases,
        "members:manual_duty": _manual_duty,
        "members:void_record": _void_record,
        "members:duty_nomination_withdraw": _nomination,
        "members:duty_archive_progress": _archive_job,
        "members:duty_archive_download": _archive_download,
        "members:study_material": _material,
        "members:study_material_file": _material_file,
        "members:reflection": _reflection,
        "members:reflection_review": _reflection_review,
        "members:training": _training,
    }
)
