def template_for(request, template: str, partial: str) -> str:
    """The named partial when htmx swaps part of the page; the whole page otherwise (also when
    htmx restores a page from history, which needs all of it)."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template
