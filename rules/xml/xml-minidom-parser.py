import xml.dom.minidom
from xml.dom import minidom
from xml.dom.minidom import parseString

from defusedxml import minidom as safe_minidom


def read_settings(path):
    # ruleid: xml-minidom-parser
    return xml.dom.minidom.parse(path)


def parse_request(body):
    # ruleid: xml-minidom-parser
    return minidom.parseString(body)


def parse_payload(body):
    # ruleid: xml-minidom-parser
    return parseString(body).documentElement


def parse_request_safely(body):
    # ok: xml-minidom-parser
    return safe_minidom.parseString(body)


def new_document():
    # ok: xml-minidom-parser
    return minidom.getDOMImplementation().createDocument(None, "root", None)


def template_document():
    # ok: xml-minidom-parser
    return minidom.parseString("<html><body/></html>")
