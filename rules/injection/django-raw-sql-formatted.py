from django.db.models import F
from django.db.models.expressions import RawSQL
from myapp.models import Person


def by_name(name):
    # ruleid: django-raw-sql-formatted
    return Person.objects.raw(f"SELECT * FROM app_person WHERE last_name = '{name}'")


def with_rank(queryset, column):
    # ruleid: django-raw-sql-formatted
    return queryset.annotate(rank=RawSQL("SELECT rank FROM scores WHERE col = %s" % column, ()))


def by_city(city):
    query = "SELECT * FROM app_person WHERE city = '" + city + "'"
    # ruleid: django-raw-sql-formatted
    return Person.objects.raw(query)


def by_name_safely(name):
    # ok: django-raw-sql-formatted
    return Person.objects.raw("SELECT * FROM app_person WHERE last_name = %s", [name])


def with_rank_safely(queryset, column):
    # ok: django-raw-sql-formatted
    return queryset.annotate(rank=RawSQL("SELECT rank FROM scores WHERE col = %s", (column,)))


def person(person_id):
    # django-raw-percent-formatting reports this shape, with a fix.
    # ok: django-raw-sql-formatted
    return Person.objects.raw("SELECT * FROM app_person WHERE id = %s" % person_id)


def raw_bytes(response):
    # ok: django-raw-sql-formatted
    return response.raw.read(f"{1024}")


def ordered(queryset):
    # ok: django-raw-sql-formatted
    return queryset.order_by(F("name").asc())


def people_older_than(age):
    # ruleid: django-raw-sql-formatted
    return Person.objects.raw(f"SELECT * FROM app_person WHERE age > {age}")


def people_older_than_safely(age):
    # ok: django-raw-sql-formatted
    return Person.objects.raw("SELECT * FROM app_person WHERE age > %s", [age])
