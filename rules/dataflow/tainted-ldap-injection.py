import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/user")
def user():
    uid = request.args["uid"]
    conn = ldap.initialize("ldap://ldap.example.com")
    # ruleid: tainted-ldap-injection
    found = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    # ok: tainted-ldap-injection
    found += conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + escape_filter_chars(uid) + ")")
    return str(found)


@app.route("/team")
def team():
    department = request.args["dept"]
    conn = ldap.initialize("ldap://ldap.example.com")
    # ruleid: tainted-ldap-injection
    found = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(department={department})")
    department = "sales"
    # ok: tainted-ldap-injection
    found += conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(department={department})")
    return str(found)
