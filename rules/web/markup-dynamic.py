import markupsafe
from flask import Markup as FlaskMarkup
from markupsafe import Markup, escape


def bold(name):
    # ruleid: markup-dynamic
    return Markup("<b>{}</b>".format(name))


def highlight(text, term):
    # ruleid: markup-dynamic
    return Markup(text.replace(term, "<mark>" + term + "</mark>"))


def greeting(user):
    # ruleid: markup-dynamic
    return FlaskMarkup(f"<p>Hello {user.name}</p>")


def item(label):
    # ruleid: markup-dynamic
    return markupsafe.Markup("<li>%s</li>" % label)


def line_break():
    # ok: markup-dynamic
    return Markup("<br>")


def bold_escaped(name):
    # ok: markup-dynamic
    return Markup("<b>{}</b>").format(name)


def quoted(text):
    # ok: markup-dynamic
    return Markup(escape(text))


def item_escaped(label):
    # ok: markup-dynamic
    return Markup("<li>%s</li>") % label


def plain_text(value):
    # ok: markup-dynamic
    return Markup(str(value)).striptags()
