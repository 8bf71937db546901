from django import template
from django.utils.html import format_html, html_safe

register = template.Library()


@register.filter(is_safe=True)
# ruleid: html-safe-declaration
def shout(value):
    return value.upper()


@register.filter
# ok: html-safe-declaration
def whisper(value):
    return value.lower()


@register.filter(is_safe=False)
# ok: html-safe-declaration
def reverse(value):
    return value[::-1]


@html_safe
# ruleid: html-safe-declaration
class Badge:
    def __str__(self):
        return format_html("<span>{}</span>", "x")


class Label(object):
    def __init__(self, text):
        self.text = text

    # ruleid: html-safe-declaration
    def __html__(self):
        return f"<label>{self.text}</label>"

    # ok: html-safe-declaration
    def __str__(self):
        return self.text
