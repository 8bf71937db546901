import jinja2
from jinja2 import Environment, PackageLoader
from jinja2.sandbox import SandboxedEnvironment


def make_environment():
    # ruleid: jinja2-autoescape-missing
    return jinja2.Environment(loader=jinja2.PackageLoader("shop"))


def make_mail_environment(path):
    # ruleid: jinja2-autoescape-missing
    return Environment(loader=jinja2.FileSystemLoader(path), trim_blocks=True)


def make_sandbox():
    # ruleid: jinja2-autoescape-missing
    return SandboxedEnvironment()


def make_safe_environment():
    # ok: jinja2-autoescape-missing
    return Environment(loader=PackageLoader("shop"), autoescape=jinja2.select_autoescape())


def make_configured_environment(options):
    # ok: jinja2-autoescape-missing
    return Environment(**options)
