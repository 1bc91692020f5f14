from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("report/subscribe/", views.subscribe, name="subscribe"),
    path("report/send/", views.send_now, name="send_now"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("risk/", views.risk_check, name="risk"),
    path("risk/<int:pk>/", views.planned_detail, name="planned"),
    path("risk/<int:pk>/submit/", views.planned_submit, name="planned_submit"),
    path("risk/<int:pk>/decide/", views.planned_decide, name="planned_decide"),
    path("transparency/", views.transparency, name="transparency"),
]
