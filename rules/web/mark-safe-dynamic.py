from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from markupsafe import Markup


def badge(user):
    # ruleid: mark-safe-dynamic
    return mark_safe(f"<span class='badge'>{user.nickname}</span>")


def highlight(text, term):
    # ruleid: mark-safe-dynamic
    return Markup(text.replace(term, "<mark>" + term + "</mark>"))


def line_break():
    # ok: mark-safe-dynamic
    return mark_safe("<br>")


def badge_escaped(user):
    # ok: mark-safe-dynamic
    return format_html("<span class='badge'>{}</span>", user.nickname)


def quoted(text):
    # ok: mark-safe-dynamic
    return mark_safe(escape(text))


def bold(name):
    # ok: mark-safe-dynamic
    return Markup("<b>{}</b>").format(name)
