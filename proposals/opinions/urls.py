from django.urls import path

from . import views

app_name = "opinions"
urlpatterns = [
    path("<int:pk>/", views.report_detail, name="detail"),
]
