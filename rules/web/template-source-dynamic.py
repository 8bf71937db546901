import jinja2
from flask import render_template_string, request
from jinja2.sandbox import SandboxedEnvironment

SANDBOX = SandboxedEnvironment(autoescape=True)
FOOTER = "<footer>{{ year }}</footer>"


def render_custom_email(account, context):
    # ruleid: template-source-dynamic
    return jinja2.Template(account.email_template).render(**context)


def render_stored(page):
    # ruleid: template-source-dynamic
    return render_template_string(page.body, page=page)


def render_file(path):
    from django.template import Template

    with open(path) as handle:
        # ruleid: template-source-dynamic
        return Template(handle.read())


def render_sandboxed(account, context):
    # ok: template-source-dynamic
    return SANDBOX.from_string(account.email_template).render(**context)


def footer(year):
    # ok: template-source-dynamic
    return jinja2.Template(FOOTER).render(year=year)


def echo():
    # ok: template-source-dynamic
    return render_template_string(f"<p>{request.args['q']}</p>")
