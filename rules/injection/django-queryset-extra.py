from myapp.models import Entry, Order


def lennon():
    # ruleid: django-queryset-extra
    return Entry.objects.extra(where=["headline LIKE %s"], params=["Lennon%"])


def is_recent(queryset):
    # ruleid: django-queryset-extra
    return queryset.extra(select={"is_recent": "pub_date > '2006-01-01'"})


def by_status(status):
    # ok: django-queryset-extra
    return Order.objects.extra(where=[f"status = '{status}'"])


def by_status_orm(status):
    # ok: django-queryset-extra
    return Order.objects.filter(status=status)


def settings_extra(config):
    # ok: django-queryset-extra
    return config.extra("logging")
