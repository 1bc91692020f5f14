from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/steps/<int:step_pk>/", views.tick_step, name="tick_step"),
    path("<int:pk>/severity/", views.change_severity, name="severity"),
    path("<int:pk>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/messages/", views.add_message, name="add_message"),
    path("<int:pk>/close/", views.close, name="close"),
    path("open/<int:message_pk>/", views.open_for_message, name="open"),
]
