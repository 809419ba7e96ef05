from django.urls import path

from courses import api

urlpatterns = [
    path("programmes/", api.ProgrammeListApi.as_view(), name="courses-api-programmes"),
    path("programmes/<int:pk>/", api.ProgrammeDetailApi.as_view(), name="courses-api-programme"),
    path("versions/<int:pk>/m3c/", api.VersionM3CApi.as_view(), name="courses-api-version-m3c"),
    path("modules/mine/", api.MyModulesApi.as_view(), name="courses-api-my-modules"),
    path("modules/<int:pk>/", api.ModuleDetailApi.as_view(), name="courses-api-module"),
]
