from mako.lookup import TemplateLookup
from mako.template import Template


def profile_page(user):
    # ruleid: mako-template
    return Template(filename="templates/profile.html").render(user=user)


def make_lookup():
    # ruleid: mako-template
    return TemplateLookup(directories=["templates"], module_directory="/tmp/mako")


def profile_page_escaped(user):
    # ok: mako-template
    return Template(filename="templates/profile.html", default_filters=["h"]).render(user=user)


def make_escaping_lookup():
    # ok: mako-template
    return TemplateLookup(directories=["templates"], default_filters=["str", "h"])
