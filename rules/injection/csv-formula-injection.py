import csv
import csv as spreadsheet

from defusedcsv import csv as safe_csv


def export(users, handle):
    # ruleid: csv-formula-injection
    writer = csv.writer(handle)
    writer.writerows((u.name, u.email) for u in users)


def export_semicolons(rows, handle):
    # ruleid: csv-formula-injection
    spreadsheet.writer(handle, delimiter=";").writerows(rows)


def export_safely(users, handle):
    # ok: csv-formula-injection
    writer = safe_csv.writer(handle)
    writer.writerows((u.name, u.email) for u in users)


def read(handle):
    # ok: csv-formula-injection
    return list(csv.reader(handle))
