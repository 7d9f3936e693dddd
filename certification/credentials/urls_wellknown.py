"""``/.well-known/did.json``: the issuer's DID document, where did:web resolves it."""

from django.urls import path

from certification.credentials.verification import views

urlpatterns = [path("did.json", views.did_json, name="did_json")]
