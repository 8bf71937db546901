import csv
from csv import DictWriter

from defusedcsv import csv as safe_csv


def export(users, handle):
    # ruleid: csv-dictwriter-formula-injection
    writer = csv.DictWriter(handle, fieldnames=["name", "email"])
    writer.writerows({"name": u.name, "email": u.email} for u in users)


def export_alias(rows, handle):
    # ruleid: csv-dictwriter-formula-injection
    DictWriter(handle, fieldnames=["id"]).writerows(rows)


def export_safely(rows, handle):
    # ok: csv-dictwriter-formula-injection
    safe_csv.DictWriter(handle, fieldnames=["id"]).writerows(rows)


def read(handle):
    # ok: csv-dictwriter-formula-injection
    return list(csv.DictReader(handle))
