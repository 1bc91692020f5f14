from django.conf import settings


def brand(request):
    return {"brand_name": settings.ACCALMIE_BRAND_NAME, "demo_mode": settings.DEMO_MODE}
