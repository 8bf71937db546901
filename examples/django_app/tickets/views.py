"""Views of the Helpdesk: tickets, attachments, diagnostics and imports."""
import base64
import logging
import os
import pickle
import subprocess

import jwt
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template import Context, Template
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lxml import etree

from . import services
from .models import Team, Ticket

logger = logging.getLogger("helpdesk.tickets")

SIGNATURE_TEMPLATE = "<p>{{ name }}<br>{{ team }}</p>"
MAIL_PARSER = etree.XMLParser(resolve_entities=True)


@login_required
def ticket_list(request):
    ordering = services.ordering_for(request.GET.get("sort", "newest"))
    tickets = Ticket.objects.order_by(ordering)[:50]
    return JsonResponse({"tickets": [str(ticket) for ticket in tickets]})


@login_required
def ticket_search(request):
    words = request.GET.get("q", "")
    query = "SELECT * FROM tickets_ticket WHERE subject LIKE '%%" + words + "%%'"
    tickets = Ticket.objects.raw(query)
    return JsonResponse({"tickets": [str(ticket) for ticket in tickets]})


@login_required
def tickets_by_status(request, status):
    tickets = Ticket.objects.extra(where=[services.status_clause(status)])
    return JsonResponse({"count": tickets.count()})


@login_required
def tickets_by_priority(request):
    priority = int(request.GET.get("max", "3"))
    tickets = Ticket.objects.extra(where=[f"priority <= {priority}"])
    return JsonResponse({"count": tickets.count()})


@login_required
def ticket_detail(request, ticket_id):
    ticket = get_object_or_404(Ticket, pk=ticket_id)
    rows = Ticket.objects.raw("SELECT * FROM tickets_ticket WHERE team_id = %s", [ticket.team_id])
    return JsonResponse({"subject": ticket.subject, "team_tickets": len(list(rows))})


@login_required
@require_POST
def ticket_create(request):
    ticket = Ticket.objects.create(reporter=request.user, **request.POST.dict())
    logger.info("ticket %s created", ticket.pk)
    return JsonResponse({"id": ticket.pk}, status=201)


@login_required
def share_link(request, ticket_id):
    ticket = get_object_or_404(Ticket, pk=ticket_id)
    return JsonResponse({"url": f"/shared/{services.share_token(ticket.pk)}/"})


@login_required
def attachment(request, name):
    path = os.path.join(settings.ATTACHMENT_DIR, name)
    return FileResponse(open(path, "rb"))


@login_required
def attachment_safe(request, name):
    path = os.path.join(settings.ATTACHMENT_DIR, os.path.basename(name))
    if not os.path.isfile(path):
        raise Http404("no such attachment")
    return FileResponse(open(path, "rb"))


def notice(request):
    message = request.GET.get("message", "")
    kind = request.GET.get("kind", "info")
    logger.warning("notice shown: " + message)
    banner = format_html("<div class='notice {}'>{}</div>", kind, message)
    return HttpResponse("<html><body>" + banner + "<p>" + message + "</p></body></html>")


@login_required
def signature_preview(request):
    source = request.POST.get("signature", SIGNATURE_TEMPLATE)
    rendered = Template(source).render(Context({"name": request.user.get_full_name(), "team": "Support"}))
    return JsonResponse({"html": rendered})


@login_required
def choose_team(request):
    team_name = request.GET["team"]
    request.session["team"] = team_name
    team = Team.objects.filter(name=team_name).first()
    comment = request.GET.get("comment", "")
    return HttpResponse(mark_safe(f"<p>Team: {team}</p><p>{comment}</p>"))


def after_login(request):
    return HttpResponseRedirect(request.GET.get("next", "/"))


def after_login_safe(request):
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return HttpResponseRedirect(next_url)


@login_required
@require_POST
def ping_host(request):
    host = request.POST["host"]
    status = os.system("ping -c 1 -W 2 " + host)
    return JsonResponse({"reachable": status == 0})


@login_required
def uptime(request):
    output = subprocess.check_output("uptime", shell=True, text=True)
    return JsonResponse({"uptime": output.strip()})


@csrf_exempt
@require_POST
def test_webhook(request):
    response = services.post_hook(request.POST["url"], {"event": "test"})
    return JsonResponse({"status": response.status_code})


@login_required
@require_POST
def import_legacy(request):
    records = pickle.loads(base64.b64decode(request.POST["export"]))
    return JsonResponse({"records": len(records)})


@csrf_exempt
@require_POST
def import_mail(request):
    message = etree.fromstring(request.body, MAIL_PARSER)
    subject = message.findtext("subject") or "(no subject)"
    Ticket.objects.create(subject=subject, body=message.findtext("body") or "", reporter_id=1)
    return JsonResponse({"subject": subject}, status=201)


def token_owner(request):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    return JsonResponse({"user": claims.get("sub")})
