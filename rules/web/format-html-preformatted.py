from django.utils import html
from django.utils.html import format_html

CLASS = "badge"


def profile_link(user):
    # ruleid: format-html-preformatted
    return format_html(f"<a href='/u/{user.id}'>{user.name}</a>")


def greeting(user):
    # ruleid: format-html-preformatted
    return format_html(f"<b>Hello {user.first_name}!</b>")


def badge(label):
    # ruleid: format-html-preformatted
    return format_html("<span>{}</span>".format(label))


def title(name):
    # ruleid: format-html-preformatted
    return html.format_html("<h1>%s</h1>" % name)


def cell(value, css):
    # ruleid: format-html-preformatted
    return format_html("<td class='" + css + "'>{}</td>", value)


def profile_link_safe(user):
    # ok: format-html-preformatted
    return format_html("<a href='/u/{}'>{}</a>", user.id, user.name)


def badge_constant_class(label):
    # ok: format-html-preformatted
    return format_html(f"<span class='{CLASS}'>{{}}</span>", label)


def separator():
    # ok: format-html-preformatted
    return format_html("<hr>")
