from django.urls import path

from cppcc_portal.notifications.threads import views as thread_views

from . import paper_views, views

app_name = "opinions"
P = "opinions.report"  # the conversation thread's policy (opinions.threads)
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
    path("<int:pk>/thread/", thread_views.thread, {"policy": P}, name="thread"),
    path("<int:pk>/thread/post/", thread_views.thread_post, {"policy": P}, name="thread_post"),
    path(
        "thread/message/<int:pk>/edit/", thread_views.thread_edit, {"policy": P}, name="thread_edit"
    ),
    path("thread/file/<int:pk>/", thread_views.thread_file, {"policy": P}, name="thread_file"),
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
