import xml.etree.ElementTree as ET
from xml.etree.ElementTree import fromstring

import defusedxml.ElementTree as SafeET


def read_invoice(upload):
    # ruleid: xml-xxe-parser
    return ET.parse(upload).getroot()


def parse_feed(text):
    # ruleid: xml-xxe-parser
    return ET.fromstring(text)


def stream_records(path):
    # ruleid: xml-xxe-parser
    for event, element in ET.iterparse(path):
        yield element


def parse_message(body):
    # ruleid: xml-xxe-parser
    return fromstring(body)


def read_invoice_safely(upload):
    # ok: xml-xxe-parser
    return SafeET.parse(upload).getroot()


def build_reply(status):
    # ok: xml-xxe-parser
    reply = ET.Element("reply", status=status)
    return ET.tostring(reply)


def default_settings():
    # ok: xml-xxe-parser
    return ET.fromstring("<settings><theme>dark</theme></settings>")


def read_cached(path):
    import xml.etree.cElementTree as CET

    # ruleid: xml-xxe-parser
    return CET.parse(path)
