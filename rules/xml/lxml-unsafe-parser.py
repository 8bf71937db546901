import lxml.etree
from lxml import etree
from lxml.etree import XMLParser

RESOLVE = True


def parse_invoice(upload):
    # ruleid: lxml-unsafe-parser
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(upload, parser)


def parse_remote(upload):
    # ruleid: lxml-unsafe-parser
    parser = XMLParser(remove_blank_text=True, no_network=False)
    return etree.fromstring(upload, parser)


def parse_configured(upload):
    # ruleid: lxml-unsafe-parser
    parser = lxml.etree.XMLParser(resolve_entities=RESOLVE, huge_tree=False)
    return lxml.etree.fromstring(upload, parser)


def parse_invoice_safely(upload):
    # ok: lxml-unsafe-parser
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(upload, parser)


def parse_pretty(upload):
    # ok: lxml-unsafe-parser
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.fromstring(upload, parser)
