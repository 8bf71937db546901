import jinja2
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape


def make_environment():
    # ruleid: jinja2-autoescape-off
    return jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=False)


def render_comment(comment):
    # ruleid: jinja2-autoescape-off
    return Template("<p>{{ comment }}</p>", autoescape=False).render(comment=comment)


def make_safe_environment():
    # ok: jinja2-autoescape-off
    return Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())


def render_escaped(comment):
    # ok: jinja2-autoescape-off
    return Template("<p>{{ comment }}</p>", autoescape=True).render(comment=comment)


ESCAPE_HTML = ""
ESCAPE_EVERYTHING = "yes"


def make_configured_environment():
    # ruleid: jinja2-autoescape-off
    return Environment(loader=FileSystemLoader("templates"), autoescape=ESCAPE_HTML)


def make_truthy_environment():
    # ok: jinja2-autoescape-off
    return Environment(loader=FileSystemLoader("templates"), autoescape=ESCAPE_EVERYTHING)


def make_policy_environment(policy):
    # ok: jinja2-autoescape-off
    return Environment(loader=FileSystemLoader("templates"), autoescape=policy)
