import xml.sax
from xml.sax import make_parser
from xml.sax.saxutils import escape

import defusedxml.sax


def index_feed(upload, handler):
    # ruleid: xml-sax-parser
    xml.sax.parseString(upload, handler)


def streaming_parser(handler):
    # ruleid: xml-sax-parser
    parser = make_parser()
    parser.setContentHandler(handler)
    return parser


def index_feed_safely(upload, handler):
    # ok: xml-sax-parser
    defusedxml.sax.parseString(upload, handler)


def quote(text):
    # ok: xml-sax-parser
    return escape(text)


def self_test(handler):
    # ok: xml-sax-parser
    xml.sax.parseString(b"<ping/>", handler)
