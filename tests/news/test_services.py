from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import Member
from news import selectors, services
from news.audience import audience_pairs
from news.models import Article, Notice, NoticeRecipient
from tests.factories import MemberFactory, SectorFactory

from .factories import ArticleFactory, CategoryFactory, NoticeFactory, png_upload

pytestmark = pytest.mark.django_db


# --- Articles -------------------------------------------------------------------------


def test_save_article_sanitises_and_requires_staff(staff, member_user):
    category = CategoryFactory()
    data = {
        "title": "标题",
        "body": '<p onclick="x()">好<script>alert(1)</script></p>',
        "category": category,
        "visibility": "public",
    }
    with pytest.raises(PermissionDenied):
        services.save_article(actor=member_user, data=data)
    article = services.save_article(actor=staff, data=data)
    assert article.body == "<p>好</p>"
    assert article.summary == "好"  # taken from the body when left empty
    assert article.author == staff and article.state == "draft"


def test_publish_now_schedule_and_unpublish(staff, member_user):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert not selectors.article_list(member_user).filter(pk=article.pk).exists()
    later = timezone.now() + timedelta(days=2)
    services.publish_article(actor=staff, article=article, at=later)
    article.refresh_from_db()
    assert article.state == "scheduled"
    assert not selectors.article_list(member_user).filter(pk=article.pk).exists()
    assert selectors.article_detail(staff, article.pk)  # staff preview
    with pytest.raises(Article.DoesNotExist):
        selectors.article_detail(member_user, article.pk)
    # ... and it appears by itself when the time comes: no task involved.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert selectors.article_list(member_user).filter(pk=article.pk).exists()
    with pytest.raises(ValidationError):
        services.publish_article(actor=staff, article=article)
    services.unpublish_article(actor=staff, article=article)
    article.refresh_from_db()
    assert article.state == "draft"
    with pytest.raises(ValidationError):
        services.unpublish_article(actor=staff, article=article)
    services.publish_article(actor=staff, article=article)
    article.refresh_from_db()
    assert article.state == "published"


def test_publish_refuses_past_time_and_empty_body_and_non_staff(staff, make_user):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    with pytest.raises(ValidationError):
        services.publish_article(
            actor=staff, article=article, at=timezone.now() - timedelta(days=1)
        )
    empty = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, body="")
    with pytest.raises(ValidationError):
        services.publish_article(actor=staff, article=empty)
    for role in (Role.MEMBER, Role.LEADER, Role.UNIT_LIAISON, Role.STATION_MANAGER):
        with pytest.raises(PermissionDenied):
            services.publish_article(actor=make_user(role), article=article)


def test_members_only_articles(make_user, member_user):
    public = ArticleFactory()
    private = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    from django.contrib.auth.models import AnonymousUser

    for user, expected in [
        (AnonymousUser(), {public}),
        (make_user(Role.UNIT_LIAISON), {public}),
        (make_user(Role.STATION_MANAGER), {public}),
        (make_user(), {public}),
        (member_user, {public, private}),
        (make_user(Role.LEADER), {public, private}),
        (make_user(Role.PROPOSAL_STAFF), {public, private}),
    ]:
        assert set(selectors.article_list(user)) == expected


def test_mark_article_read_is_idempotent(member_user):
    article = ArticleFactory()
    services.mark_article_read(user=member_user, article=article)
    services.mark_article_read(user=member_user, article=article)
    assert article.reads.count() == 1
    assert selectors.article_list(member_user).get(pk=article.pk).is_read


# --- Notices --------------------------------------------------------------------------


def _committee_notice(staff, committee, **kwargs):
    data = {
        "title": "关于召开经济委员会会议的通知",
        "body": "请按时参加。",
        "audience": Notice.Audience.COMMITTEE,
        "committee": committee,
        "reply_by": timezone.localdate() + timedelta(days=3),
        **kwargs,
    }
    return services.save_notice(actor=staff, data=data)


def test_audience_resolves_in_one_query(
    staff, committees, econ_members, other_member, django_assert_num_queries
):
    notice = _committee_notice(staff, committees[0])
    MemberFactory(status=Member.Status.LEFT)  # no account, not sitting: never addressed
    with django_assert_num_queries(1):
        pairs = audience_pairs(notice)
    assert {u for _m, u in pairs} == {u.pk for u in econ_members}


def test_publish_snapshots_recipients_notifies_and_opens_deadline(
    staff, committees, econ_members, other_member
):
    notice = _committee_notice(staff, committees[0])
    notice = services.publish_notice(actor=staff, notice=notice)
    assert notice.status == "published"
    rows = NoticeRecipient.objects.filter(notice=notice)
    assert {r.user_id for r in rows} == {u.pk for u in econ_members}
    notes = Notification.objects.filter(kind="news.notice_published")
    assert {n.recipient_id for n in notes} == {u.pk for u in econ_members}
    deadline = Deadline.objects.get(duty=services.RECEIPT_DUTY, target_id=notice.pk)
    assert set(deadline.responsible.all()) == set(econ_members)
    # A member joining the committee later is not added to the snapshot.
    from tests.factories import CommitteeMembershipFactory

    CommitteeMembershipFactory(member=other_member.member, committee=committees[0])
    assert not rows.filter(user=other_member).exists()
    with pytest.raises(ValidationError):
        services.publish_notice(actor=staff, notice=notice)  # stale second publish
    with pytest.raises(ValidationError):
        services.save_notice(actor=staff, notice=notice, data={"title": "改"})


def test_other_committee_never_sees_it(staff, committees, econ_members, other_member):
    notice = services.publish_notice(actor=staff, notice=_committee_notice(staff, committees[0]))
    assert not selectors.notice_list(other_member).filter(pk=notice.pk).exists()
    with pytest.raises(Notice.DoesNotExist):
        selectors.notice_detail(other_member, notice.pk)
    assert selectors.notice_list(econ_members[0]).get(pk=notice.pk).unread
    with pytest.raises(PermissionDenied):
        services.confirm_notice(user=other_member, notice=notice)


def test_read_confirm_and_close_deadline(staff, committees, econ_members):
    notice = services.publish_notice(actor=staff, notice=_committee_notice(staff, committees[0]))
    a, b, c = econ_members
    assert services.mark_notice_read(user=a, notice=notice)
    assert not services.mark_notice_read(user=a, notice=notice)  # first read only
    row = services.confirm_notice(user=a, notice=notice)
    first = row.confirmed_at
    assert services.confirm_notice(user=a, notice=notice).confirmed_at == first  # idempotent
    deadline = Deadline.objects.get(duty=services.RECEIPT_DUTY, target_id=notice.pk)
    assert set(deadline.responsible.all()) == {b, c}
    _rows, counts = selectors.notice_tracking(notice)
    assert counts == {"total": 3, "read": 1, "confirmed": 1}
    services.confirm_notice(user=b, notice=notice)
    services.confirm_notice(user=c, notice=notice)
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.MET


def test_remind_the_rest(staff, committees, econ_members, make_user):
    notice = services.publish_notice(actor=staff, notice=_committee_notice(staff, committees[0]))
    services.confirm_notice(user=econ_members[0], notice=notice)
    with pytest.raises(PermissionDenied):
        services.remind_notice(actor=make_user(Role.LEADER), notice=notice)
    assert services.remind_notice(actor=staff, notice=notice) == 2
    reminded = Notification.objects.filter(kind="news.notice_reminder")
    assert {n.recipient_id for n in reminded} == {econ_members[1].pk, econ_members[2].pk}
    with pytest.raises(ValidationError):
        services.remind_notice(actor=staff, notice=notice)  # not twice in a row
    Notice.objects.filter(pk=notice.pk).update(last_reminded_at=timezone.now() - timedelta(hours=1))
    assert services.remind_notice(actor=staff, notice=notice) == 2
    for user in econ_members[1:]:
        services.confirm_notice(user=user, notice=notice)
    with pytest.raises(ValidationError):
        services.remind_notice(actor=staff, notice=notice)


def test_remind_without_reply_targets_unread(staff, committees, econ_members):
    notice = services.publish_notice(
        actor=staff, notice=_committee_notice(staff, committees[0], reply_by=None)
    )
    services.mark_notice_read(user=econ_members[0], notice=notice)
    assert services.remind_notice(actor=staff, notice=notice) == 2
    with pytest.raises(ValidationError):
        services.confirm_notice(user=econ_members[0], notice=notice)  # no reply asked


def test_draft_cannot_be_reminded_and_empty_audience_refused(staff, committees):
    notice = _committee_notice(staff, committees[1])  # nobody with an account
    with pytest.raises(ValidationError):
        services.remind_notice(actor=staff, notice=notice)
    with pytest.raises(ValidationError):
        services.publish_notice(actor=staff, notice=notice)


def test_save_notice_refusals(staff, member_user):
    with pytest.raises(PermissionDenied):
        services.save_notice(actor=member_user, data={"title": "x", "body": "y"})
    with pytest.raises(ValidationError):
        services.save_notice(actor=staff, data={"title": "x", "body": "y", "audience": "sector"})
    with pytest.raises(ValidationError):
        services.save_notice(
            actor=staff,
            data={"title": "x", "body": "y", "reply_by": timezone.localdate() - timedelta(days=1)},
        )
    with pytest.raises(ValidationError):
        services.save_notice(actor=staff, data={"title": "x", "body": "y", "audience": "chosen"})


def test_sector_and_chosen_and_all_audiences(staff, member_user, econ_members, other_member):
    sector = SectorFactory(name="宗教界-测试")
    in_sector = member_user.member
    in_sector.sector = sector
    in_sector.save()
    notice = services.save_notice(
        actor=staff, data={"title": "界别", "body": "b", "audience": "sector", "sector": sector}
    )
    assert [u for _m, u in audience_pairs(notice)] == [member_user.pk]
    chosen = services.save_notice(
        actor=staff,
        data={"title": "点名", "body": "b", "audience": "chosen"},
        chosen=[other_member.member, econ_members[0].member],
    )
    assert {u for _m, u in audience_pairs(chosen)} == {other_member.pk, econ_members[0].pk}
    everyone = NoticeFactory()
    assert len(audience_pairs(everyone)) == 5


def test_leaders_read_all_published_staff_all(staff, committees, econ_members, make_user):
    draft = _committee_notice(staff, committees[0])
    published = services.publish_notice(actor=staff, notice=_committee_notice(staff, committees[0]))
    leader = make_user(Role.LEADER)
    assert set(selectors.notices_visible_to(leader)) == {published}
    assert set(selectors.notices_visible_to(staff)) == {draft, published}
    for role in (Role.UNIT_LIAISON, Role.STATION_MANAGER):
        assert not selectors.notices_visible_to(make_user(role)).exists()
    assert not selectors.notice_list(econ_members[0]).filter(pk=draft.pk).exists()


def test_image_permission_follows_the_article(staff, member_user, make_user):
    from django.contrib.auth.models import AnonymousUser

    private = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    image = services.add_article_image(actor=staff, article=private, upload=png_upload())
    assert selectors.image_for(member_user, image.pk) == image
    for user in (AnonymousUser(), make_user(Role.UNIT_LIAISON)):
        with pytest.raises(Exception):  # noqa: B017 - DoesNotExist of the image
            selectors.image_for(user, image.pk)


def test_body_keeps_only_the_articles_own_pictures(staff):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    other = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    mine = services.add_article_image(actor=staff, article=article, upload=png_upload())
    theirs = services.add_article_image(actor=staff, article=other, upload=png_upload())
    body = f'<img src="{mine.get_absolute_url()}" alt="a"><img src="{theirs.get_absolute_url()}">'
    article = services.save_article(actor=staff, article=article, data={"body": body})
    assert article.body == f'<img src="{mine.get_absolute_url()}" alt="a">'


def test_feed_counts_unread_in_one_query(
    staff, committees, econ_members, django_assert_num_queries
):
    for _ in range(3):
        services.publish_notice(actor=staff, notice=_committee_notice(staff, committees[0]))
    ArticleFactory()
    user = econ_members[0]
    services.mark_notice_read(user=user, notice=Notice.objects.first())
    selectors.can_manage(user)  # the roles are read once per request, before the feed
    with django_assert_num_queries(1):
        result = selectors.feed(user)
    assert result["unread_notices"] == 2 and len(result["notices"]) == 3
    assert [r["is_unread"] for r in result["notices"]] == [False, True, True]  # the newest was read
    assert len(result["articles"]) == 1 and result["articles"][0]["is_unread"]
    assert selectors.unread_notice_count(user) == 2  # cached for the navigation badge
    nobody = econ_members[1]
    nobody._portal_roles = frozenset({"leader"})
    assert selectors.feed(nobody)["unread_notices"] == 3
