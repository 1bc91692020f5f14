from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("mine/", views.my_queue, name="my_queue"),
    path("due/", views.due_soon, name="due_soon"),
    path("m/<int:pk>/playbook/", views.start_playbook, name="start_playbook"),
    path("m/<int:pk>/root-cause/", views.root_cause, name="root_cause"),
    path("m/<int:pk>/hand-off/", views.hand_off, name="hand_off"),
    path("m/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("m/<int:pk>/close/", views.close, name="close"),
    path("hand-offs/<int:pk>/done/", views.complete_hand_off, name="complete_hand_off"),
    path("follow-ups/<int:pk>/done/", views.complete_follow_up, name="complete_follow_up"),
    path("escalations/<int:pk>/seen/", views.acknowledge, name="acknowledge"),
]
