from django.utils import safestring
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe


def badge(user):
    # ruleid: mark-safe-dynamic
    return mark_safe(f"<span class='badge'>{user.nickname}</span>")


def link(url, label):
    # ruleid: mark-safe-dynamic
    return mark_safe('<a href="{}">{}</a>'.format(url, label))


def row(cells):
    # ruleid: mark-safe-dynamic
    return safestring.mark_safe("<tr>" + "".join(cells) + "</tr>")


def title(name):
    # ruleid: mark-safe-dynamic
    return SafeString("<h1>%s</h1>" % name)


def legacy_title(name):
    # ruleid: mark-safe-dynamic
    return safestring.SafeUnicode("<h1>%s</h1>" % name)


def legacy_bytes(payload):
    # ruleid: mark-safe-dynamic
    return safestring.SafeBytes(payload)


def named(user):
    # ruleid: mark-safe-dynamic
    return mark_safe("<b>{name}</b>".format(name=user.name))


def line_break():
    # ok: mark-safe-dynamic
    return mark_safe("<br>")


def badge_escaped(user):
    # ok: mark-safe-dynamic
    return format_html("<span class='badge'>{}</span>", user.nickname)


def quoted(text):
    # ok: mark-safe-dynamic
    return mark_safe(escape(text))


def icon():
    # ok: mark-safe-dynamic
    return mark_safe(f"<i class='{'icon'}'></i>")
