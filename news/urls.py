from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="public"),
    path("articles/<int:pk>/", views.article_detail, name="public_article"),
    path("articles/<int:pk>/cover/", views.article_cover, name="public_cover"),
    path("images/<int:pk>/", views.article_image, name="public_image"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/confirm/", views.notice_confirm, name="notice_confirm"),
    path("notices/<int:pk>/attachment/", views.notice_attachment, name="notice_attachment"),
    path("manage/articles/", views.article_manage, name="article_manage"),
    path("manage/articles/new/", views.article_edit, name="article_new"),
    path("manage/articles/<int:pk>/", views.article_edit, name="article_edit"),
    path("manage/articles/<int:pk>/images/", views.article_image_upload, name="image_upload"),
    path("manage/articles/<int:pk>/publish/", views.article_publish, name="article_publish"),
    path("manage/articles/<int:pk>/unpublish/", views.article_unpublish, name="article_unpublish"),
    path("manage/notices/", views.notice_manage, name="notice_manage"),
    path("manage/notices/new/", views.notice_edit, name="notice_new"),
    path("manage/notices/<int:pk>/", views.notice_track, name="notice_track"),
    path("manage/notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("manage/notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("manage/notices/<int:pk>/remind/", views.notice_remind, name="notice_remind"),
]
