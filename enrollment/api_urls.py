from django.urls import path

from enrollment import api

urlpatterns = [
    path("me/", api.MyRegistrationsApi.as_view(), name="enrollment-api-me"),
    path("registrations/", api.RegistrationListApi.as_view(), name="enrollment-api-registrations"),
    path("registrations/<int:pk>/", api.RegistrationDetailApi.as_view(), name="enrollment-api-registration"),
    path("registrations/<int:pk>/submit/", api.RegistrationActionApi.as_view(action="submit"),
         name="enrollment-api-submit"),
    path("registrations/<int:pk>/validate/", api.RegistrationActionApi.as_view(action="validate"),
         name="enrollment-api-validate"),
    path("registrations/<int:pk>/cancel/", api.RegistrationActionApi.as_view(action="cancel"),
         name="enrollment-api-cancel"),
]
