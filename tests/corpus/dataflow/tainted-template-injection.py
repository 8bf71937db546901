"""Server-side template injection (CWE-1336): request values used as template source."""
import jinja2
from django.http import HttpResponse, JsonResponse
from django.template import Context, Template
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, abort, render_template_string, request
from mako.template import Template as MakoTemplate

app = Flask(__name__)
api = FastAPI()
env = jinja2.Environment(autoescape=True)

GREETINGS = {"formal": "Dear {{ name }},", "casual": "Hi {{ name }}!"}


@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    # ruleid: tainted-template-injection
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/greet-context")
def greet_context():
    name = request.args.get("name", "guest")
    # ok: tainted-template-injection
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)


@app.route("/preview", methods=["POST"])
def preview():
    source = request.form["template"]
    # ruleid: tainted-template-injection
    return env.from_string(source).render(user="preview")


@app.route("/letter")
def letter():
    style = request.args.get("style", "formal")
    if style not in GREETINGS:
        abort(400)
    # ok: tainted-template-injection
    return env.from_string(GREETINGS[style]).render(name="Ada")


@app.route("/page/<title>")
def page(title):
    template = f"<title>{title}</title><body>{{{{ body }}}}</body>"
    # ruleid: tainted-template-injection
    return jinja2.Template(template).render(body="...")


@app.route("/footer")
def footer():
    source = request.args.get("footer")
    source = "<footer>{{ year }}</footer>"
    # ok: tainted-template-injection
    return jinja2.Template(source).render(year=2024)


def with_signature(body):
    """Propagates: appends the signature block to the body."""
    return body + "\n-- {{ sender }}"


@app.route("/mail", methods=["POST"])
def mail_preview():
    source = with_signature(request.form["body"])
    # ruleid: tainted-template-injection
    return render_template_string(source, sender="support")


def default_body(_body):
    """Ignores the draft and returns the stored template."""
    return "Thanks for your order, {{ customer }}."


@app.route("/mail-default", methods=["POST"])
def mail_default():
    source = default_body(request.form["body"])
    # ok: tainted-template-injection
    return render_template_string(source, customer="Ada")


def render_snippet(request):
    """Django view: template text from the POST body."""
    snippet = request.POST["snippet"]
    # ruleid: tainted-template-injection
    template = Template(snippet)
    return JsonResponse({"html": template.render(Context({}))})


def render_count(request):
    """Django view: only an int reaches the template text."""
    count = int(request.GET.get("count", "0"))
    # ok: tainted-template-injection
    template = Template("You have %d new messages, {{ user }}." % count)
    return HttpResponse(template.render(Context({"user": request.user})))


def report_header(request):
    """Django view: a mako template built from the title."""
    title = request.GET.get("title", "")
    # ruleid: tainted-template-injection
    header = MakoTemplate("<h1>" + title + "</h1>").render()
    return JsonResponse({"html": header})


@api.get("/card", response_class=HTMLResponse)
async def card(layout: str):
    """FastAPI query parameter rendered as a jinja2 template."""
    # ruleid: tainted-template-injection
    return jinja2.Environment().from_string(layout).render()


@api.get("/card-fixed", response_class=HTMLResponse)
async def card_fixed(name: str):
    """FastAPI: the name is a context value, the template is constant."""
    # ok: tainted-template-injection
    return env.from_string("<div>{{ name }}</div>").render(name=name)


def handler(event, context):
    """AWS Lambda: the event value is a context variable of a constant template."""
    name = event["queryStringParameters"]["name"]
    # ok: tainted-template-injection
    body = jinja2.Template("<p>Hello {{ name }}</p>", autoescape=True).render(name=name)
    return {"statusCode": 200, "body": body}
