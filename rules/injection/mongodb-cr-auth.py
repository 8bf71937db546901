import pymongo
from pymongo import MongoClient


def connect(host, user, secret):
    # ruleid: mongodb-cr-auth
    return pymongo.MongoClient(host, username=user, password=secret, authMechanism="MONGODB-CR")


def connect_alias(host, user, secret):
    # ruleid: mongodb-cr-auth
    return MongoClient(host, authMechanism='MONGODB-CR', username=user, password=secret)


def legacy_login(db, user, secret):
    # ruleid: mongodb-cr-auth
    db.authenticate(user, secret, mechanism="MONGODB-CR")


def connect_scram(host, user, secret):
    # ok: mongodb-cr-auth
    return MongoClient(host, username=user, password=secret, authMechanism="SCRAM-SHA-256")


def connect_default(host, user, secret):
    # ok: mongodb-cr-auth
    return MongoClient(host, username=user, password=secret)
