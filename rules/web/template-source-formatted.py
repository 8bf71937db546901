import jinja2
from django.template import Template as DjangoTemplate
from flask import request
from jinja2 import Environment, FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

GREETING = jinja2.Template("Hello {{ name }}!")
HEADER = "<h1>{{ title }}</h1>"


def greeting(name):
    # ruleid: template-source-formatted
    return jinja2.Template("Hello " + name + "!").render()


def render_page(app, title):
    # ruleid: template-source-formatted
    return app.jinja_env.from_string(f"<title>{title}</title>{{{{ body }}}}").render(body="")


def mail_body(user):
    env = Environment(loader=FileSystemLoader("templates"), autoescape=True)
    # ruleid: template-source-formatted
    return env.from_string("Dear {},\n{{{{ text }}}}".format(user.name)).render(text="hi")


def django_snippet():
    # ruleid: template-source-formatted
    return DjangoTemplate("<p>%s</p>" % request.args["note"])


def greeting_safe(name):
    # ok: template-source-formatted
    return GREETING.render(name=name)


def header_page(body):
    # ok: template-source-formatted
    return jinja2.Template(f"{HEADER}<main>{{{{ body }}}}</main>").render(body=body)


def sandboxed(text):
    env = SandboxedEnvironment()
    # ok: template-source-formatted
    return env.from_string("Note: " + text).render()
