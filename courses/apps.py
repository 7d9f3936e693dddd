from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, post_page_move

# How often Celery beat looks for bulk-enrolment jobs whose worker was lost (ADR 0025).
BULK_RESUME_SWEEP_SECONDS = 60.0


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Catalogue and enrolment")

    def ready(self) -> None:
        from celery import current_app

        # Registers the system check of the COURSES_* settings.
        from courses import conf  # noqa: F401  # noqa: F401
        from courses.authoring import collections as course_media
        from courses.catalogue import permissions as catalogue_access
        from courses.catalogue.listing import catalogue_listing_changed
        from courses.context_processors import CATALOGUE, catalogue_changed
        from courses.learning import kept_pages
        from courses.learning.outline import outline_changed
        from courses.models import (
            Activity,
            CatalogueIndexPage,
            Cohort,
            CourseModule,
            CoursePage,
            ProgrammePage,
            Topic,
        )
        from courses.notifications.sms.deploy_check import sms_gateway
        from courses.teaching.queries import STAFF_LINKS, staff_links_changed
        from lms import api as lms_api

        # The roles' page permissions on the catalogue: for each new catalogue page, and after
        # every app's migrations (like the roles' model permissions, lms.people.apps).
        post_save.connect(
            catalogue_access.catalogue_permissions_on_create,
            sender=CatalogueIndexPage,
            dispatch_uid="courses.catalogue_permissions",
        )
        post_migrate.connect(
            catalogue_access.catalogue_permissions_after_migrate, dispatch_uid="courses.catalogue_permissions"
        )
        # Each course's media collection and its instructors' group (courses/authoring/collections.py).
        page_published.connect(course_media.course_media_on_publish, dispatch_uid="courses.course_media")
        post_migrate.connect(course_media.course_media_after_migrate, dispatch_uid="courses.course_media")
        # The cached course outlines (courses/learning/outline.py).
        for model in (Activity, CourseModule):
            for signal in (post_save, post_delete):
                signal.connect(
                    outline_changed, sender=model, dispatch_uid=f"courses.outline.{model.__name__}"
                )
        lms_api.deploy_check_register(name="sms", order=80, check=sms_gateway)
        current_app.conf.beat_schedule.setdefault(
            "courses-bulk-enrolments-resume",
            {"task": "courses.bulk_enrolments_resume", "schedule": BULK_RESUME_SWEEP_SECONDS},
        )
        # The catalogue's address in every page's navigation (courses/context_processors.py).
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(catalogue_changed, sender=CatalogueIndexPage, dispatch_uid="courses.catalogue_url")
        # The catalogue's unfiltered listing (courses/catalogue/listing.py).
        for page_model in (CatalogueIndexPage, ProgrammePage, CoursePage):
            # Saving too: a page created live in code (add_child) is never "published".
            for signal in (page_published, page_unpublished, post_page_move, post_save, post_delete):
                signal.connect(
                    catalogue_listing_changed,
                    sender=page_model,
                    dispatch_uid=f"courses.catalogue_listing.{page_model.__name__}",
                )
        # ... and the course pages' facts (modules with their number of activities).
        for model in (Cohort, Topic, CourseModule, Activity):
            for signal in (post_save, post_delete):
                signal.connect(
                    catalogue_listing_changed,
                    sender=model,
                    dispatch_uid=f"courses.catalogue_listing.{model.__name__}",
                )
        # Whether a person teaches or coordinates a cohort, for the navigation (courses/teaching/queries.py).
        for signal in (post_save, post_delete):
            signal.connect(staff_links_changed, sender=Cohort, dispatch_uid="courses.staff_links")
        m2m_changed.connect(
            staff_links_changed, sender=Cohort.instructors.through, dispatch_uid="courses.staff_links"
        )
        for signal in (page_published, post_save):
            signal.connect(staff_links_changed, sender=CoursePage, dispatch_uid="courses.staff_links")
        # Kept pages (lms/pagecache.py, ADR 0026): every page's header shows the navigation's
        # links; a person's pages are forgotten when their learning changes
        # (courses/learning/kept_pages.py).
        for namespace in (CATALOGUE, STAFF_LINKS):
            lms_api.page_cache_depends_always(namespace)
        kept_pages.connect()
