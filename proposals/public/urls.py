"""/public/: the disclosed proposals and replies, the yearly figures, open data."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("figures/", views.figures_page, name="figures"),
    path("open/proposals.csv", views.open_list, {"fmt": "csv"}, name="open_list_csv"),
    path("open/proposals.json", views.open_list, {"fmt": "json"}, name="open_list_json"),
    path("open/figures.csv", views.open_figures, {"fmt": "csv"}, name="open_figures_csv"),
    path("open/figures.json", views.open_figures, {"fmt": "json"}, name="open_figures_json"),
]
