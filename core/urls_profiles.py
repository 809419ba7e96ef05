"""Back-office pages of regulation profiles and the rule pages (names used by the web shell)."""

from django.urls import path

from core.views import profiles, profiles_actions, rules

urlpatterns = [
    path("profils/", profiles.profile_list, name="profile_list"),
    path("profils/nouveau/", profiles_actions.profile_create, name="profile_create"),
    path("profils/<int:profile_id>/", profiles.profile_detail, name="profile_detail"),
    path("profils/<int:profile_id>/modifier/", profiles.profile_edit, name="profile_edit"),
    path("profils/<int:profile_id>/historique/", profiles.profile_history, name="profile_history"),
    path("profils/<int:profile_id>/copier/", profiles_actions.profile_copy, name="profile_copy"),
    path("profils/<int:profile_id>/affecter/", profiles_actions.profile_assign_view, name="profile_assign"),
    path("regles/<str:rule_id>/", rules.rule_detail, name="rule_detail"),
]
