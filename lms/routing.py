"""Wagtail's pages served with their address looked up in the shared cache.

Wagtail finds the page for an address by walking the page tree on every request: the site (one
query), its root page in the active language (two), then two queries for each level (the child
with that slug, then its own row). The address of a live page changes only when a page is
published, unpublished, moved or deleted, or a site is changed: ``serve`` keeps "address →
page" in the shared cache, forgotten then, and reads the page itself in one query (ADR 0013).
Only addresses that lead to a live page are kept, so made-up addresses do not fill the cache.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from lms.caching import cached, cached_forget
from lms.pagecache import page_cache_depends, page_cache_may_keep, page_cache_refuse

# The suffix names the shape of a kept route: a deployment that changes it starts afresh rather
# than read what the previous code kept in Redis.
ROUTES = "lms:routes:2"


def _route(request: HttpRequest, components: list[str]) -> tuple[Site, int, int, str, bool] | None:
    """(site, content type id, page id, its place in the tree, whether its view is restricted) of
    the live page at the address, when the page tree alone leads there (not a page that routes its
    own sub-addresses)."""
    path = "".join(f"{component}/" for component in components)
    found = Page.route_for_request(request, path)
    site = Site.find_for_request(request)
    if found is None or site is None:
        return None
    page, args, kwargs = found
    if args or kwargs or page.url_path != f"{site.root_page.localized.url_path}{path}":
        return None
    return site, page.content_type_id, page.pk, page.url_path, page.get_view_restrictions().exists()


@page_cache_may_keep  # the catalogue's pages opt in themselves
def serve(request: HttpRequest, path: str) -> HttpResponse:
    components = [component for component in path.split("/") if component]
    key = f"{request.get_host()}:{request.get_port()}:{get_language()}:{'/'.join(components)}"
    page_cache_depends(request, namespaces=[ROUTES])  # a kept page is forgotten with the routes
    route = cached(ROUTES, key, lambda: _route(request, components), keep_none=False)
    # A page whose view is restricted is never kept (a password given is the session's, not the
    # person's), nor one whose restrictions this lookup did not see.
    if route is None or route[4]:
        page_cache_refuse(request)
    if route is not None and not hasattr(request, "_wagtail_route_for_request"):
        site, content_type_id, page_id, url_path, _restricted = route
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, live=True).first() if model is not None else None
        # A page unpublished, moved or renamed a moment ago (or by code that sends no signal):
        # Wagtail walks the tree.
        if page is not None and page.url_path == url_path:
            request._wagtail_site = site
            request._wagtail_route_for_request = RouteResult(page)
    return wagtail_serve(request, path)


def routes_changed(sender, **kwargs) -> None:
    """Receiver of pages published, unpublished, moved or deleted, and of sites saved or deleted."""
    cached_forget(ROUTES)
