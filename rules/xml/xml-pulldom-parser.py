import xml.dom.pulldom
from xml.dom import pulldom
from xml.dom.pulldom import parseString

from defusedxml import pulldom as safe_pulldom


def stream_orders(path):
    # ruleid: xml-pulldom-parser
    for event, node in xml.dom.pulldom.parse(path):
        yield event, node


def stream_request(body):
    # ruleid: xml-pulldom-parser
    return pulldom.parseString(body)


def stream_payload(body):
    # ruleid: xml-pulldom-parser
    return list(parseString(body))


def stream_request_safely(body):
    # ok: xml-pulldom-parser
    return safe_pulldom.parseString(body)


def fixture_events():
    # ok: xml-pulldom-parser
    return list(pulldom.parseString("<orders><order id='1'/></orders>"))
