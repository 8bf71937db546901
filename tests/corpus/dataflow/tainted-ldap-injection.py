"""LDAP injection (CWE-90): request values in LDAP search filters."""
import ldap
import ldap3
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request
from ldap.filter import escape_filter_chars
from ldap3.utils.conv import escape_filter_chars as escape_ldap3

app = Flask(__name__)
api = FastAPI()

BASE_DN = "ou=people,dc=example,dc=com"
GROUPS = {"admins", "staff", "guests"}


def directory():
    """A bound python-ldap connection."""
    conn = ldap.initialize("ldap://ldap.example.com")
    conn.simple_bind_s("cn=reader,dc=example,dc=com", "reader-password")
    return conn


def directory3():
    """A bound ldap3 connection."""
    server = ldap3.Server("ldap.example.com")
    return ldap3.Connection(server, "cn=reader,dc=example,dc=com", "reader-password", auto_bind=True)


@app.route("/people")
def people():
    uid = request.args["uid"]
    # ruleid: tainted-ldap-injection
    results = directory().search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    return jsonify([dn for dn, _ in results])


@app.route("/people-escaped")
def people_escaped():
    uid = escape_filter_chars(request.args["uid"])
    # ok: tainted-ldap-injection
    results = directory().search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    return jsonify([dn for dn, _ in results])


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    search_filter = f"(&(objectClass=person)(sAMAccountName={user}))"
    # ruleid: tainted-ldap-injection
    found = directory().search_s(BASE_DN, ldap.SCOPE_SUBTREE, search_filter, ["cn"])
    return jsonify(found=bool(found))


@app.route("/login-alnum", methods=["POST"])
def login_alnum():
    user = request.form["user"]
    if not user.isalnum():
        abort(400)
    search_filter = f"(&(objectClass=person)(sAMAccountName={user}))"
    # ok: tainted-ldap-injection
    found = directory().search_s(BASE_DN, ldap.SCOPE_SUBTREE, search_filter, ["cn"])
    return jsonify(found=bool(found))


@app.route("/group/<name>")
def group(name):
    # ruleid: tainted-ldap-injection
    msgid = directory().search(BASE_DN, ldap.SCOPE_SUBTREE, "(memberOf=cn=%s,ou=groups,dc=example,dc=com)" % name)
    return jsonify(msgid=msgid)


@app.route("/group-known/<name>")
def group_known(name):
    if name not in GROUPS:
        abort(404)
    # ok: tainted-ldap-injection
    msgid = directory().search(BASE_DN, ldap.SCOPE_SUBTREE, "(memberOf=cn=%s,ou=groups,dc=example,dc=com)" % name)
    return jsonify(msgid=msgid)


@app.route("/staff")
def staff():
    department = request.args.get("dept")
    department = "engineering"
    # ok: tainted-ldap-injection
    results = directory().search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(department={department})")
    return jsonify(len(results))


def mail_filter(address):
    """Propagates: wraps the address in a filter."""
    return "(mail=%s)" % address


def user_lookup(request):
    """Django view with ldap3."""
    conn = directory3()
    # ruleid: tainted-ldap-injection
    conn.search(BASE_DN, mail_filter(request.GET["email"]), attributes=["cn"])
    return JsonResponse({"entries": len(conn.entries)})


def active_filter(_address):
    """Ignores the address: lists active accounts only."""
    return "(accountStatus=active)"


def active_users(request):
    """Django view with ldap3: the filter is constant."""
    conn = directory3()
    # ok: tainted-ldap-injection
    conn.search(BASE_DN, active_filter(request.GET["email"]), attributes=["cn"])
    return JsonResponse({"entries": len(conn.entries)})


def phone_lookup(request, phone):
    """Django view with ldap3: the URL parameter is escaped."""
    conn = directory3()
    # ok: tainted-ldap-injection
    conn.search(BASE_DN, "(telephoneNumber=%s)" % escape_ldap3(phone), attributes=["cn"])
    return JsonResponse({"entries": len(conn.entries)})


@api.get("/directory")
def directory_search(surname: str):
    """FastAPI query parameter in an ldap3 filter."""
    conn = directory3()
    # ruleid: tainted-ldap-injection
    conn.search(search_base=BASE_DN, search_filter=f"(sn={surname})", attributes=["cn"])
    return {"entries": len(conn.entries)}


def handler(event, context):
    """AWS Lambda: the event's name goes into an ext search filter."""
    name = event["queryStringParameters"]["cn"]
    conn = directory()
    # ruleid: tainted-ldap-injection
    msgid = conn.search_ext(BASE_DN, ldap.SCOPE_SUBTREE, "(cn=" + name + "*)")
    return {"statusCode": 200, "body": str(msgid)}
