from django.contrib.auth import views as auth_views
from django.urls import path

from . import security_views, views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.password_reset, name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("sessions/", views.session_list, name="session_list"),
    path("backup-codes/", views.backup_code_list, name="backup_codes"),
    # the security administrator's (三员分立)
    path("security/", security_views.account_list, name="security_accounts"),
    path(
        "security/<int:pk>/reset-two-factor/",
        security_views.reset_two_factor,
        name="security_reset_two_factor",
    ),
    path("security/<int:pk>/unlock/", security_views.unlock, name="security_unlock"),
]
