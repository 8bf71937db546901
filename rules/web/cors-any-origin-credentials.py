from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask, make_response, request
from flask_cors import CORS

app = Flask(__name__)
api = FastAPI()

# ruleid: cors-any-origin-credentials
CORS(app, supports_credentials=True)

# ruleid: cors-any-origin-credentials
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)

# ok: cors-any-origin-credentials
CORS(app, origins=["https://shop.example.com"], supports_credentials=True)

# ok: cors-any-origin-credentials
api.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com"], allow_credentials=True)


def echo_origin():
    response = make_response("ok")
    # ruleid: cors-any-origin-credentials
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


def django_echo(request, response):
    # ruleid: cors-any-origin-credentials
    response["Access-Control-Allow-Origin"] = request.META["HTTP_ORIGIN"]
    return response


def allow_listed():
    response = make_response("ok")
    origin = request.headers.get("Origin")
    if origin in {"https://shop.example.com"}:
        # ok: cors-any-origin-credentials
        response.headers["Access-Control-Allow-Origin"] = origin
    return response


CORS_ALLOW_CREDENTIALS = True
# ruleid: cors-any-origin-credentials
CORS_ALLOW_ALL_ORIGINS = True
# ok: cors-any-origin-credentials
CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
