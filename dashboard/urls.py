from django.urls import path

from . import report, views

app_name = "dashboard"
urlpatterns = [
    path("", views.leader, name="leader"),
    path("export/", views.leader_export, name="export"),
    path("report/<str:fmt>/", report.year_report_download, name="year_report"),
]
