from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask, make_response
from flask_cors import CORS
from flask_cors import cross_origin as allow_cross_origin

app = Flask(__name__)
api = FastAPI()

# ruleid: cors-wildcard-origin
CORS(app)

# ruleid: cors-wildcard-origin
CORS(app, resources={r"/api/*": {"origins": "*"}})

# ruleid: cors-wildcard-origin
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])

# ok: cors-wildcard-origin
CORS(app, origins=["https://shop.example.com"])

# ok: cors-wildcard-origin
api.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com"])


@app.route("/public")
# ruleid: cors-wildcard-origin
@allow_cross_origin()
def public():
    return "ok"


def status():
    response = make_response("ok")
    # ruleid: cors-wildcard-origin
    response.headers["Access-Control-Allow-Origin"] = "*"
    # ok: cors-wildcard-origin
    response.headers["Cache-Control"] = "*"
    return response


def partner():
    response = make_response("ok")
    # ok: cors-wildcard-origin
    response.headers["Access-Control-Allow-Origin"] = "https://partner.example.com"
    return response


def accept_any(handler):
    # ok: cors-wildcard-origin
    handler.send_header("Accept", "*")


# ruleid: cors-wildcard-origin
CORS_ALLOW_ALL_ORIGINS = True

# ok: cors-wildcard-origin
CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
