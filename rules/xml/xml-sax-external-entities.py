import xml.sax
from xml.sax import handler
from xml.sax.handler import feature_external_ges, feature_namespaces


def document_parser(content_handler):
    parser = xml.sax.make_parser()
    # ruleid: xml-sax-external-entities
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(content_handler)
    return parser


def dtd_parser():
    parser = xml.sax.make_parser()
    # ruleid: xml-sax-external-entities
    parser.setFeature(handler.feature_external_pes, 1)
    return parser


def uri_parser():
    parser = xml.sax.make_parser()
    # ruleid: xml-sax-external-entities
    parser.setFeature("http://xml.org/sax/features/external-general-entities", True)
    return parser


def namespace_parser():
    parser = xml.sax.make_parser()
    # ok: xml-sax-external-entities
    parser.setFeature(feature_namespaces, True)
    return parser


def locked_parser():
    parser = xml.sax.make_parser()
    # ok: xml-sax-external-entities
    parser.setFeature(feature_external_ges, False)
    return parser
