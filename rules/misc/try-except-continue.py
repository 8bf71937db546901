import json
import logging

log = logging.getLogger(__name__)


def import_all(records, importer):
    for record in records:
        # ruleid: try-except-continue
        try:
            importer(record)
        except Exception:
            continue


def parse_lines(lines):
    parsed = []
    for line in lines:
        # ruleid: try-except-continue
        try:
            parsed.append(json.loads(line))
        except:
            continue
    return parsed


def parse_known(lines):
    parsed = []
    for line in lines:
        # ok: try-except-continue
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return parsed


def import_logged(records, importer):
    for record in records:
        # ok: try-except-continue
        try:
            importer(record)
        except Exception:
            log.exception("skipping %s", record)
            continue
