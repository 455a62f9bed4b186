from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export/", views.member_export, name="export"),
    path("import/", views.member_import, name="import"),
    path("import/confirm/", views.member_import_confirm, name="import_confirm"),
    path("import/template/", views.member_import_template, name="import_template"),
    path("<int:pk>/", views.member_detail, name="detail"),
]
