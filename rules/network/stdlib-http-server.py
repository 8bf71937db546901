import http.server
import http.server as hs
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from wsgiref.simple_server import make_server


# ruleid: stdlib-http-server
class StatusHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(HTTPStatus.OK)
        self.end_headers()


def serve_files():
    # ruleid: stdlib-http-server
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8000), http.server.SimpleHTTPRequestHandler)
    server.serve_forever()


def serve_app(application):
    # ruleid: stdlib-http-server
    with make_server("", 8080, application) as server:
        server.serve_forever()


# ruleid: stdlib-http-server
class UploadHandler(hs.SimpleHTTPRequestHandler):
    pass


def status_name(code):
    # ok: stdlib-http-server
    return HTTPStatus(code).phrase


def reason(code):
    # ok: stdlib-http-server
    return http.server.BaseHTTPRequestHandler.responses[code][0]
