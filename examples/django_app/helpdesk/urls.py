"""URL routes of the Helpdesk project."""
from django.contrib import admin
from django.urls import path

from tickets import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("tickets/", views.ticket_list, name="ticket-list"),
    path("tickets/search/", views.ticket_search, name="ticket-search"),
    path("tickets/status/<str:status>/", views.tickets_by_status, name="tickets-by-status"),
    path("tickets/priority/", views.tickets_by_priority, name="tickets-by-priority"),
    path("tickets/new/", views.ticket_create, name="ticket-create"),
    path("tickets/<int:ticket_id>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:ticket_id>/share/", views.share_link, name="ticket-share"),
    path("attachments/<path:name>", views.attachment, name="attachment"),
    path("attachments-safe/<path:name>", views.attachment_safe, name="attachment-safe"),
    path("notice/", views.notice, name="notice"),
    path("signature/preview/", views.signature_preview, name="signature-preview"),
    path("team/", views.choose_team, name="choose-team"),
    path("login/done/", views.after_login, name="after-login"),
    path("login/done-safe/", views.after_login_safe, name="after-login-safe"),
    path("diagnostics/ping/", views.ping_host, name="ping-host"),
    path("diagnostics/uptime/", views.uptime, name="uptime"),
    path("hooks/test/", views.test_webhook, name="test-webhook"),
    path("import/legacy/", views.import_legacy, name="import-legacy"),
    path("import/mail/", views.import_mail, name="import-mail"),
    path("api/token/", views.token_owner, name="token-owner"),
]
