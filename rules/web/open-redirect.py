from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from flask import redirect as flask_redirect
from flask import request, url_for

HOME = "/"


def login_done(request):
    # ruleid: open-redirect
    return redirect(request.GET.get("next", "/"))


def after_logout():
    target = request.args.get("next")
    # ruleid: open-redirect
    return flask_redirect(target)


def external(request):
    # ruleid: open-redirect
    return HttpResponseRedirect(f"https://{request.GET['host']}/welcome")


def home():
    # ok: open-redirect
    return flask_redirect(HOME)


def to_dashboard():
    # ok: open-redirect
    return flask_redirect(url_for("dashboard"))


def to_order(request, order):
    # ok: open-redirect
    return HttpResponseRedirect(reverse("order-detail", args=[order.id]))


def to_order_path(order):
    # ok: open-redirect
    return flask_redirect(f"/orders/{order.id}")


def reload_page():
    # ok: open-redirect
    return flask_redirect(request.url)
