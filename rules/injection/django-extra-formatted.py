from myapp.models import Entry, Order


def by_status(status):
    # ruleid: django-extra-formatted
    return Order.objects.extra(where=[f"status = '{status}'"])


def with_score(queryset, column):
    # ruleid: django-extra-formatted
    return queryset.extra(select={"score": "SELECT max(%s) FROM scores" % column})


def sorted_by(queryset, field):
    # ruleid: django-extra-formatted
    return queryset.extra(order_by=[field + " DESC"])


def lennon():
    # ok: django-extra-formatted
    return Entry.objects.extra(where=["headline LIKE %s"], params=["Lennon%"])


def by_status_orm(status):
    # ok: django-extra-formatted
    return Order.objects.filter(status=status)


def settings_extra(config, name):
    # ok: django-extra-formatted
    return config.extra(f"{name}.yaml")
