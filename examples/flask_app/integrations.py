"""Outbound calls: the mail API, cover images and the ISBN catalogue."""
import jinja2
import requests

from config import MAIL_API_TOKEN

MAIL_API = "https://mail.example.com/v1/send"
CATALOGUE_API = "https://catalogue.example.com/isbn"

mail_templates = jinja2.Environment(loader=jinja2.FileSystemLoader("mail"), autoescape=False)


def normalise_url(url):
    """Trims the URL and adds https:// when no scheme is given."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    return url


def isbn_record(isbn):
    """The catalogue entry for an ISBN (digits only)."""
    digits = int(isbn.replace("-", ""))
    response = requests.get(f"{CATALOGUE_API}/{digits}", timeout=10)
    return response.json()


def send_mail(to, template, **context):
    """Renders a mail template and posts it to the mail API."""
    body = mail_templates.get_template(template).render(**context)
    headers = {"Authorization": "Bearer " + MAIL_API_TOKEN}
    requests.post(MAIL_API, json={"to": to, "html": body}, headers=headers, timeout=10, verify=False)
