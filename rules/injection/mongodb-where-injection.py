from bson.code import Code


def find_user(db, name):
    # ruleid: mongodb-where-injection
    return db.users.find_one({"$where": f"this.name == '{name}'"})


def older_than(db, request):
    # ruleid: mongodb-where-injection
    query = {"active": True, "$where": "this.age > " + request.args["age"]}
    return db.users.find(query)


def custom(db, code):
    # ruleid: mongodb-where-injection
    return db.users.find({"$where": Code(code)})


def find_user_safely(db, name):
    # ok: mongodb-where-injection
    return db.users.find_one({"name": name})


def weekend(db):
    # ok: mongodb-where-injection
    return db.events.find({"$where": "this.day == 0 || this.day == 6"})


def shell_where(values, name):
    # ok: mongodb-where-injection
    return {"where": f"name = {name}"}
