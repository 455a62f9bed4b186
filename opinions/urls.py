from django.urls import path

from . import paper_views, views

app_name = "opinions"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_form, name="create"),
    path("desk/", views.desk, name="desk"),
    path("desk/merge/", views.merge, name="merge"),
    path("enter/", paper_views.enter_paper, name="enter"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("issues/<int:pk>/word/", views.issue_docx, name="issue_docx"),
    path("issues/<int:pk>/document/<str:fmt>/", views.issue_document, name="issue_document"),
    path("issues/year/<int:year>/excel/", views.year_xlsx, name="year_xlsx"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_form, name="edit"),
    path("<int:pk>/delete/", views.report_delete, name="delete"),
    path("<int:pk>/review/", views.report_review, name="review"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path(
        "<int:pk>/files/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    # submit, adopt, archive, forward, use, instruction (opinions.actions)
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
