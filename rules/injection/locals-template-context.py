import jinja2
from django.shortcuts import render
from django.template.loader import render_to_string
from flask import render_template


def profile(request):
    user = request.user
    # ruleid: locals-template-context
    return render(request, "profile.html", locals())


def invoice_email(order):
    total = order.total
    # ruleid: locals-template-context
    return render_to_string("invoice.txt", locals())


def dashboard():
    stats = {"users": 3}
    # ruleid: locals-template-context
    return render_template("dashboard.html", **locals())


def report(rows):
    template = jinja2.Template("{% for r in rows %}{{ r }}{% endfor %}")
    # ruleid: locals-template-context
    return template.render(**locals())


def profile_explicit(request):
    # ok: locals-template-context
    return render(request, "profile.html", {"user": request.user})


def dashboard_explicit(stats):
    # ok: locals-template-context
    return render_template("dashboard.html", stats=stats)


def run_code(code):
    # ok: locals-template-context
    exec(code, globals(), locals())
