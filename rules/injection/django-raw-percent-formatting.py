from myapp.models import Person


def person(person_id):
    # ruleid: django-raw-percent-formatting
    return Person.objects.raw("SELECT * FROM app_person WHERE id = %s" % person_id)


def by_city(request):
    # ruleid: django-raw-percent-formatting
    return Person.objects.raw("SELECT * FROM app_person WHERE active AND city = %s" % request.city)


def person_safely(person_id):
    # ok: django-raw-percent-formatting
    return Person.objects.raw("SELECT * FROM app_person WHERE id = %s", [person_id])


def by_name(name):
    # ok: django-raw-percent-formatting
    return Person.objects.raw("SELECT * FROM app_person WHERE last_name = '%s'" % name)
