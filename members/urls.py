from django.urls import path

from . import account_views, duty_views, study_views, views
from .terms import views as term_views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export/", views.member_export, name="export"),
    path("import/", views.member_import, name="import"),
    path("import/confirm/", views.member_import_confirm, name="import_confirm"),
    path("import/template/", views.member_import_template, name="import_template"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("term-change/", term_views.term_change, name="term_change"),
    # the security administrator's: which account is which member's (三员分立)
    path("accounts/", account_views.account_links, name="account_links"),
    path("<int:pk>/account/", account_views.link_account, name="link_account"),
    # Duty (DOMAIN §5)
    path("duty/", duty_views.my_duty, name="my_duty"),
    path("duty/self-report/", duty_views.self_report_save, name="self_report"),
    path("duty/member/<int:pk>/", duty_views.member_duty, name="member_duty"),
    path("duty/member/<int:pk>/archive.docx", duty_views.archive_docx, name="archive_docx"),
    path("duty/member/<int:pk>/archive.pdf", duty_views.archive_pdf, name="archive_pdf"),
    path("duty/member/<int:pk>/add/", duty_views.manual_duty, name="manual_duty"),
    path("duty/records/<int:pk>/void/", duty_views.void_record, name="void_record"),
    path("duty/ranking/", duty_views.ranking, name="duty_ranking"),
    path("duty/ranking/export/", duty_views.ranking_export, name="duty_ranking_export"),
    path("duty/inactive/", duty_views.inactive_members, name="duty_inactive"),
    path("duty/five-ones/", duty_views.five_ones, name="duty_five_ones"),
    path("duty/nominations/", duty_views.nominations, name="duty_nominations"),
    path("duty/nominations/add/", duty_views.nominate, name="duty_nominate"),
    path(
        "duty/nominations/<int:pk>/withdraw/",
        duty_views.nomination_withdraw,
        name="duty_nomination_withdraw",
    ),
    path("duty/points/", duty_views.recompute, name="duty_recompute"),
    path("duty/archives/", duty_views.archives, name="duty_archives"),
    path("duty/archives/<int:pk>/", duty_views.archive_progress, name="duty_archive_progress"),
    path(
        "duty/archives/<int:pk>/download/",
        duty_views.archive_download,
        name="duty_archive_download",
    ),
    # Study
    path("study/", study_views.study_home, name="study"),
    path("study/new/", study_views.material_new, name="study_material_new"),
    path("study/<int:pk>/", study_views.material_detail, name="study_material"),
    path("study/<int:pk>/file/", study_views.material_file, name="study_material_file"),
    path("study/reflections/", study_views.reflections, name="reflections"),
    path("study/reflections/<int:pk>/", study_views.reflection_detail, name="reflection"),
    path(
        "study/reflections/<int:pk>/review/",
        study_views.reflection_review,
        name="reflection_review",
    ),
    path("study/trainings/", study_views.trainings, name="trainings"),
    path("study/trainings/new/", study_views.training_new, name="training_new"),
    path("study/trainings/<int:pk>/", study_views.training_detail, name="training"),
]
