from django.urls import path

from decisions.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.sign_up, name="sign-up"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("new-link/", views.new_link, name="new-link"),
    path("bounces/", views.bounces, name="bounces"),
]
