def navigation(request):
    return {"actor": getattr(request, "actor", None)}
