from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.leader, name="leader"),
    path("export/", views.leader_export, name="export"),
]
