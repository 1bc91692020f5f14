from ninja import NinjaAPI

from accalmie.inbox.api import router as inbox_router
from accalmie.inbox.api import webhook_router

api = NinjaAPI(
    title="Accalmie API",
    version="1",
    description=(
        "The inbox of Accalmie. Signed-in calls use the session (and CSRF token) of the web "
        "pages and the same permissions; the webhook takes a channel's token."
    ),
    urls_namespace="api",
)
api.add_router("/", inbox_router)
api.add_router("/", webhook_router)
