"""Trust boundary violation (CWE-501): unchecked request values stored in the session."""
from django.http import HttpResponse, JsonResponse
from flask import Flask, abort, request, session

app = Flask(__name__)
app.secret_key = "corpus-only-not-a-secret"

ROLES = {"viewer", "editor"}
IMPERSONATION = False


@app.route("/role", methods=["POST"])
def set_role():
    role = request.form["role"]
    # ruleid: tainted-trust-boundary
    session["role"] = role
    return "ok"


@app.route("/role-checked", methods=["POST"])
def set_role_checked():
    role = request.form["role"]
    if role not in ROLES:
        abort(400)
    # ok: tainted-trust-boundary
    session["role"] = role
    return "ok"


@app.route("/user/<user_id>")
def remember_user(user_id):
    # ruleid: tainted-trust-boundary
    session["user_id"] = user_id
    return "ok"


@app.route("/cart", methods=["POST"])
def cart():
    entry = {"currency": "EUR", "note": request.form.get("note", "")}
    # ok: tainted-trust-boundary
    session["currency"] = entry["currency"]
    return "ok"


@app.route("/impersonate", methods=["POST"])
def impersonate():
    target = "self"
    if IMPERSONATION:
        target = request.form["user"]
    # ok: tainted-trust-boundary
    session["acting_as"] = target
    return "ok"


@app.route("/prefs", methods=["POST"])
def prefs():
    prefs_data = request.get_json()
    theme = prefs_data.get("theme", "light")
    # ruleid: tainted-trust-boundary
    session["theme"] = theme.lower()
    return "ok"


@app.route("/prefs-reset", methods=["POST"])
def prefs_reset():
    theme = request.form.get("theme")
    theme = "light"
    # ok: tainted-trust-boundary
    session["theme"] = theme
    return "ok"


def normalise_email(address):
    """Propagates: trims and lower-cases."""
    return address.strip().lower()


@app.route("/email", methods=["POST"])
def email():
    # ruleid: tainted-trust-boundary
    session["email"] = normalise_email(request.form["email"])
    return "ok"


def guest_name(_requested):
    """Ignores the requested name: every guest is 'guest'."""
    return "guest"


@app.route("/guest", methods=["POST"])
def guest():
    # ok: tainted-trust-boundary
    session["name"] = guest_name(request.form["name"])
    return "ok"


def select_tenant(request, tenant):
    """Django view: the URL parameter is trusted as the tenant."""
    # ruleid: tainted-trust-boundary
    request.session["tenant"] = tenant
    return HttpResponse("ok")


def select_plan(request):
    """Django view: the POSTed plan becomes session state."""
    plan = request.POST.get("plan", "free")
    # ruleid: tainted-trust-boundary
    request.session["plan"] = plan
    return JsonResponse({"plan": plan})


def select_language(request):
    """Django view: the requested language is added and taken off again; the default is stored."""
    languages = ["en"]
    languages.append(request.GET.get("lang", "en"))
    languages.pop()
    # ok: tainted-trust-boundary
    request.session["language"] = languages[0]
    return JsonResponse({"language": languages[0]})
