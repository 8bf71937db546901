"""Low-confidence sources: input(), sys.argv and os.environ.

The person who runs a command-line tool already controls its arguments, prompt answers and
environment, so these sources are off by default and every case here is labelled ok. With
low-confidence sources switched on, each of these would be reported.
"""
import logging
import os
import pickle
import re
import sqlite3
import subprocess
import sys

import requests
import yaml
from jinja2 import Template
from lxml import etree

logger = logging.getLogger("tools")
UNSAFE_PARSER = etree.XMLParser(resolve_entities=True)


def backup_cli():
    """Runs a backup of the folder named on the command line."""
    folder = sys.argv[1]
    # ok: tainted-command-injection
    os.system("tar czf backup.tgz " + folder)


def shell_prompt():
    """An interactive maintenance prompt for the operator."""
    command = input("command> ")
    # ok: tainted-command-injection
    subprocess.run(command, shell=True, check=False)


def calculator():
    """A desk calculator for the local user."""
    expression = input("= ")
    # ok: tainted-code-injection
    print(eval(expression))


def user_report():
    """Prints the rows of the user named on the command line."""
    name = sys.argv[1]
    cur = sqlite3.connect("app.db").cursor()
    # ok: tainted-sql-injection
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    print(cur.fetchall())


def read_config():
    """Reads the file the environment points at."""
    path = os.environ.get("APP_CONFIG", "/etc/app/config.yaml")
    # ok: tainted-path-traversal
    with open(path) as handle:
        return handle.read()


def load_settings():
    """Loads YAML settings from the file the environment points at."""
    path = os.environ["SETTINGS_FILE"]
    with open(path) as handle:
        # ok: tainted-deserialization
        return yaml.load(handle.read(), Loader=yaml.Loader)


def restore_cache():
    """Loads the pickle cache named on the command line."""
    with open(sys.argv[2], "rb") as handle:
        # ok: tainted-deserialization
        return pickle.loads(handle.read())


def notify():
    """Posts to the webhook configured in the environment."""
    url = os.environ["WEBHOOK_URL"]
    # ok: tainted-ssrf
    requests.post(url, json={"text": "deploy done"}, timeout=5)


def fetch_status():
    """Fetches the URL given on the command line."""
    # ok: tainted-ssrf
    print(requests.get(sys.argv[1], timeout=5).status_code)


def grep_cli():
    """Greps a log file with the pattern given on the command line."""
    pattern = sys.argv[1]
    with open("/var/log/app.log") as handle:
        # ok: tainted-regex-injection
        return [line for line in handle if re.search(pattern, line)]


def start_banner():
    """Logs who started the tool."""
    operator = os.environ.get("USER", "unknown")
    # ok: tainted-log-injection
    logger.info("started by " + operator)


def parse_manifest():
    """Parses the XML manifest named on the command line."""
    with open(sys.argv[1], "rb") as handle:
        # ok: tainted-xxe
        return etree.fromstring(handle.read(), UNSAFE_PARSER)


def run_hook():
    """Runs the hook command configured in the environment."""
    hook = os.getenv("POST_DEPLOY_HOOK", "true")
    # ok: tainted-command-injection
    subprocess.call(hook, shell=True)


def template_cli():
    """Renders a template text typed by the operator."""
    source = input("template: ")
    # ok: tainted-template-injection
    print(Template(source).render())
