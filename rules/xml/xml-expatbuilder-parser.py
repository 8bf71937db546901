import xml.dom.expatbuilder
from xml.dom import expatbuilder
from xml.dom.expatbuilder import parse as build_document

import defusedxml.expatbuilder


def load_upload(upload):
    # ruleid: xml-expatbuilder-parser
    return expatbuilder.parseString(upload)


def load_file(path):
    # ruleid: xml-expatbuilder-parser
    return xml.dom.expatbuilder.parse(path).documentElement


def load_stream(stream):
    # ruleid: xml-expatbuilder-parser
    return build_document(stream)


def load_upload_safely(upload):
    # ok: xml-expatbuilder-parser
    return defusedxml.expatbuilder.parseString(upload)


def empty_document():
    # ok: xml-expatbuilder-parser
    return expatbuilder.parseString("<root/>")
