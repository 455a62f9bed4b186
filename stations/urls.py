from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list, name="list"),
    path("<int:pk>/", views.station_detail, name="detail"),
    path("<int:pk>/export/", views.station_export, name="export"),
    path("<int:pk>/report/", views.station_report, name="report"),
    path("<int:pk>/poster/", views.station_poster, name="poster"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("<int:pk>/opinions/new/", views.opinion_create, name="opinion_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/<slug:action>/", views.opinion_action, name="opinion_action"),
    path("unassigned/", views.unassigned, name="unassigned"),
    path("unassigned/by-street/", views.assign_by_street, name="assign_by_street"),
    # Public pages: no login.
    path("public/", views.public_directory, name="public_directory"),
    path("public/lookup/", views.public_lookup, name="public_lookup"),
    path("public/<int:pk>/", views.public_station, name="public_station"),
]
