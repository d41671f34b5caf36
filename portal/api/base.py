"""Base classes of every API view: the Actor of the request and what it may see."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.views import APIView

from portal.organisations.actor import Actor


class ActorMixin:
    """``self.actor``: the request's Actor (``HasActor`` has already refused a missing one)."""

    @property
    def actor(self) -> Actor:
        return self.request.actor

    def validated(self, serializer_class) -> dict:
        """The request body checked by an input-only serializer; unknown keys are dropped."""
        form = serializer_class(data=self.request.data)
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)


class ActorAPIView(ActorMixin, APIView):
    pass


class ActorViewSet(ActorMixin, viewsets.GenericViewSet):
    """A view set over one tenant model.

    Subclasses set ``queryset = Model.objects.none()`` (the model for the schema) and
    implement ``visible(actor)``; single objects are fetched through the domain's
    ``<entity>_get_for`` in ``get_object`` so a stranger's id answers 404.
    """

    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no Actor
            return self.queryset
        return self.visible(self.actor)

    def visible(self, actor: Actor):
        raise NotImplementedError

    @property
    def object_id(self) -> int:
        return int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
