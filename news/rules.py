"""Admin model permissions: staff keep the category catalogue and may look at the rest."""

from cppcc_portal.accounts.roles import STAFF_ROLES, grant

for role in STAFF_ROLES:
    grant(
        role,
        "news.view_category",
        "news.add_category",
        "news.change_category",
        "news.view_article",
        "news.view_notice",
        "news.view_noticerecipient",
    )
