from rest_framework.permissions import BasePermission


class HasActor(BasePermission):
    def has_permission(self, request, view):
        return True
