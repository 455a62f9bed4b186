from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.main import api
from cppcc_portal.core.views import healthz, ping
from dashboard.search_page import search
from dashboard.views import home, nav_counts

admin.site.site_header = settings.SITE_TITLE
admin.site.site_title = settings.SITE_TITLE
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg")), name="favicon"),
    path("nav/counts", nav_counts, name="nav_counts"),
    path("search/", search, name="search"),
    path("accounts/", include("cppcc_portal.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("members/", include("members.urls")),
    path("proposals/", include("proposals.urls")),
    path("public/", include("proposals.public.urls")),
    path("opinions/", include("opinions.urls")),
    path("consultations/", include("consultations.urls")),
    path("stations/", include("stations.urls")),
    path("news/", include("news.urls")),
    path("notifications/", include("cppcc_portal.notifications.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("audit/", include("cppcc_portal.audit.urls")),
    path("account/tokens/", include("api.urls")),
    path("api/", api.urls),
    path("imports/", include("cppcc_portal.core.imports.urls")),
    path("admin/", admin.site.urls),
]
