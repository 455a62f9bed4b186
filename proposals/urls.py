from django.urls import path

from cppcc_portal.notifications.threads import views as thread_views

from . import views
from .topics import views as topic_views

app_name = "proposals"
P = "proposals.proposal"  # the conversation thread's policy (proposals.threads)
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("export/", views.proposal_export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("home/member/", views.home_member, name="home_member"),
    path("new/", views.create, name="create"),
    path("enter/", views.enter_paper, name="enter"),
    path("dissatisfied/", views.dissatisfied_list, name="dissatisfied"),
    path("excellent/", views.excellent_list, name="excellent"),
    path("similar/", views.similar, name="similar"),
    path("prereview/", views.prereview_draft, name="prereview"),
    path("topics/", topic_views.topic_list, name="topics"),
    path("topics/new/", topic_views.topic_create, name="topic_create"),
    path("topics/<int:pk>/publish/", topic_views.topic_publish, name="topic_publish"),
    path("topics/<int:pk>/start/", topic_views.topic_start, name="topic_start"),
    path("review/", views.review_queue, name="review"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("unit/", views.unit_queue, name="unit_queue"),
    path("leader/", views.leader_page, name="leader"),
    path("instructions-asked/", views.instruction_requests, name="instruction_requests"),
    path("bulk/", views.bulk, name="bulk"),
    path("compilation/", views.compilation, name="compilation"),
    path("compilation/<int:pk>/status/", views.compilation_status, name="compilation_status"),
    path("compilation/<int:pk>/download/", views.compilation_download, name="compilation_download"),
    path(
        "compilation/<int:pk>/download/<str:fmt>/",
        views.compilation_download,
        name="compilation_download_as",
    ),
    path("form/blank/<str:fmt>/", views.blank_form, name="blank_form"),
    path(
        "assignment/<int:pk>/notice/<str:fmt>/", views.assignment_notice, name="assignment_notice"
    ),
    path("reply/<int:pk>/letter/<str:fmt>/", views.reply_letter, name="reply_letter"),
    path("cosign/<int:pk>/<str:answer>/", views.cosign, name="cosign"),
    path("attachment/<int:pk>/", views.attachment, name="attachment"),
    path("reply/<int:pk>/document/", views.reply_document, name="reply_document"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/thread/", thread_views.thread, {"policy": P}, name="thread"),
    path("<int:pk>/thread/post/", thread_views.thread_post, {"policy": P}, name="thread_post"),
    path(
        "thread/message/<int:pk>/edit/", thread_views.thread_edit, {"policy": P}, name="thread_edit"
    ),
    path("thread/file/<int:pk>/", thread_views.thread_file, {"policy": P}, name="thread_file"),
    path(
        "thread/message/<int:pk>/communicate/",
        views.thread_communicate,
        name="thread_communicate",
    ),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/prereview/", views.prereview_proposal, name="prereview_proposal"),
    path("<int:pk>/form/<str:fmt>/", views.form_document, name="form_document"),
    path("<int:pk>/notice/<str:fmt>/", views.registration_notice, name="registration_notice"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
    path(
        "<int:pk>/ask-instruction/", views.instruction_request_ask, name="instruction_request_ask"
    ),
    path(
        "instruction-request/<int:pk>/withdraw/",
        views.instruction_request_withdraw,
        name="instruction_request_withdraw",
    ),
]
