# ruleid: drf-no-throttling
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
}

# ok: drf-no-throttling
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "1000/hour"},
}


def api_settings():
    # ok: drf-no-throttling
    REST_FRAMEWORK = {"PAGE_SIZE": 20}
    return REST_FRAMEWORK


if True:
    # ruleid: drf-no-throttling
    REST_FRAMEWORK = {"PAGE_SIZE": 50}

# ok: drf-no-throttling
REST_FRAMEWORK = dict(BASE_SETTINGS)
