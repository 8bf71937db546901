import socket
import ssl
from ssl import wrap_socket as secure


def connect(host):
    sock = socket.create_connection((host, 443))
    # ruleid: ssl-wrap-socket
    return ssl.wrap_socket(sock)


def connect_pinned(host):
    sock = socket.create_connection((host, 443))
    # ruleid: ssl-wrap-socket
    return secure(sock, ssl_version=ssl.PROTOCOL_TLSv1_2)


def serve(sock):
    # ruleid: ssl-wrap-socket
    return ssl.wrap_socket(sock, server_side=True, certfile="server.pem", keyfile="server.key")


def connect_verified(host):
    context = ssl.create_default_context()
    sock = socket.create_connection((host, 443))
    # ok: ssl-wrap-socket
    return context.wrap_socket(sock, server_hostname=host)


def serve_with_context(sock):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain("server.pem", "server.key")
    # ok: ssl-wrap-socket
    return context.wrap_socket(sock, server_side=True)
