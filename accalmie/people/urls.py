from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.contacts, name="contacts"),
    path("contacts/<int:pk>/", views.contact, name="contact"),
    path("accounts/<int:pk>/", views.author, name="author"),
    path("accounts/<int:pk>/unlink/", views.unlink, name="unlink"),
    # kind is "contacts" or "accounts": an account not yet in a contact gets one on its first note
    path("<str:kind>/<int:pk>/notes/", views.add_note, name="note"),
    path("<str:kind>/<int:pk>/tags/", views.tag, name="tag"),
    path("<str:kind>/<int:pk>/details/", views.add_detail, name="detail"),
    path("<str:kind>/<int:pk>/link/", views.link, name="link"),
    path("suggestions/<int:pk>/", views.suggestion, name="suggestion"),
    path("suggestions/<int:pk>/confirm/", views.decide, {"decision": "confirm"}, name="confirm"),
    path("suggestions/<int:pk>/reject/", views.decide, {"decision": "reject"}, name="reject"),
    path("pileons/<int:pk>/", views.pileon, name="pileon"),
    path("notifications/", views.notifications, name="notifications"),
]
