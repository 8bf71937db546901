import xml.sax.expatreader
from xml.sax import expatreader
from xml.sax.expatreader import ExpatParser

from defusedxml import expatreader as safe_expatreader


def feed_parser(handler):
    # ruleid: xml-expatreader-parser
    parser = expatreader.create_parser()
    parser.setContentHandler(handler)
    return parser


def namespace_parser():
    # ruleid: xml-expatreader-parser
    return xml.sax.expatreader.create_parser()


def raw_parser():
    # ruleid: xml-expatreader-parser
    return ExpatParser(namespaceHandling=1)


def feed_parser_safely(handler):
    # ok: xml-expatreader-parser
    parser = safe_expatreader.create_parser()
    parser.setContentHandler(handler)
    return parser


def describe(parser):
    # ok: xml-expatreader-parser
    return type(parser).__name__ == "ExpatParser"
