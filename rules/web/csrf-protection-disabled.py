from flask import Flask
from pyramid.view import view_config

app = Flask(__name__)

# ruleid: csrf-protection-disabled
WTF_CSRF_ENABLED = False

# ok: csrf-protection-disabled
WTF_CSRF_TIME_LIMIT = None


def configure():
    # ruleid: csrf-protection-disabled
    app.config["WTF_CSRF_ENABLED"] = False
    # ok: csrf-protection-disabled
    app.config["WTF_CSRF_ENABLED"] = True


def includeme(config):
    # ruleid: csrf-protection-disabled
    config.set_default_csrf_options(require_csrf=False)
    # ok: csrf-protection-disabled
    config.set_default_csrf_options(require_csrf=True, token="csrf_token")


# ruleid: csrf-protection-disabled
@view_config(route_name="hook", request_method="POST", require_csrf=False)
def hook(request):
    return {}


def settings():
    # ok: csrf-protection-disabled
    return {"SESSION_COOKIE_SECURE": False}
