"""Importing content packages: one service per use case (STYLE.md, habit 2).

``package_import`` makes a new package from an upload; ``package_version_add`` adds a version to
an existing one. Both check the archive (``archive.SafeArchive``), let the format's handler read
and validate the manifest, copy the files to ``default_storage`` under a prefix of their own, and
only then write the rows, in one transaction. Whatever fails, nothing is left behind: the files
already stored are deleted and the transaction is rolled back; a package that is refused raises
``PackageRejected`` with the reason, and so does a storage that is full or out of reach.
"""

import errno
import hashlib
import logging
import tempfile
import uuid
from pathlib import PurePosixPath

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Model, Sum
from django.utils import timezone

from content import conf
from content.handlers import Handler, Manifest, detect
from lms.api import storage_out_of_reach, stored_file_put

from .archive import SafeArchive
from .errors import Code, PackageRejected, Size, reject
from .models import ContentItem, ContentPackage, ContentPackageVersion
from .storage import prefix_remove

logger = logging.getLogger(__name__)

# Files up to this size are copied through memory, larger ones through a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
# A full disk (or quota) is the server's state, not a bug: the instructor is told (ADR 0024), as
# when the object storage is out of reach.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT}


def package_import(
    *,
    upload: File,
    title: str | None = None,
    activity: Model | None = None,
    complete_on_finish: bool = True,
    by: AbstractBaseUser,
) -> ContentPackageVersion:
    """A new package, with ``upload`` as its version 1. Raises ``PackageRejected``, or
    ``ValidationError`` for an activity that is not of kind "content". What the instructor should
    know of a package imported all the same is in the version's ``warnings``."""
    if activity is not None:
        ContentPackage._meta.get_field("activity").validate(activity.pk, ContentPackage())
    return _import(
        upload=upload,
        by=by,
        package=None,
        title=title,
        activity=activity,
        complete_on_finish=complete_on_finish,
    )


def package_version_add(
    *, package: ContentPackage, upload: File, by: AbstractBaseUser
) -> ContentPackageVersion:
    """``upload`` as the next version of ``package``. Versions already there are left as they are,
    so attempts under way keep playing theirs. Raises ``PackageRejected``."""
    return _import(upload=upload, by=by, package=package, title=None, activity=None, complete_on_finish=True)


def _import(
    *,
    upload: File,
    by: AbstractBaseUser,
    package: ContentPackage | None,
    title: str | None,
    activity: Model | None,
    complete_on_finish: bool,
) -> ContentPackageVersion:
    size = _size(upload)
    stored: list[str] = []
    prefix = ""
    try:
        digest = _sha256(upload)
        with SafeArchive.open(upload, size=size) as archive:
            _check_quota(archive.total_size)
            handler = detect(archive)
            manifest = handler.read(archive)
            prefix = _new_prefix()
            try:
                _store(archive, prefix, stored)
            except Exception as error:
                refusal = _storage_refusal(error)
                if refusal is None:
                    raise
                raise refusal from error
            with transaction.atomic():
                version = _save(
                    package=package,
                    handler=handler,
                    manifest=manifest,
                    prefix=prefix,
                    size=size,
                    uncompressed=archive.total_size,
                    file_count=len(archive),
                    digest=digest,
                    original_name=PurePosixPath(upload.name or "").name[:255],
                    title=title,
                    activity=activity,
                    complete_on_finish=complete_on_finish,
                    by=by,
                )
    except BaseException:
        # The prefix is new and this import's alone: whatever is under it goes, folders too.
        if prefix:
            prefix_remove(prefix)
        raise
    return version


def _storage_refusal(error: Exception) -> PackageRejected | None:
    """The refusal the instructor reads when the storage is out of reach or full, the server's
    state and not a bug (ADR 0024); None for any other error. The outage is judged first:
    botocore's timeouts are OSErrors too."""
    if storage_out_of_reach(error):
        return reject(Code.STORAGE_OUT_OF_REACH)
    if isinstance(error, OSError) and error.errno in NO_ROOM:
        return reject(Code.NO_ROOM)
    return None


def _check_quota(needed: int) -> None:
    """Refuses a package whose files would take the packages past CONTENT_STORAGE_QUOTA_BYTES."""
    quota = conf.get("CONTENT_STORAGE_QUOTA_BYTES")
    used = ContentPackageVersion.objects.aggregate(used=Sum("uncompressed_size"))["used"] or 0
    if used + needed > quota:
        raise reject(Code.QUOTA, size=Size(needed), used=Size(used), quota=Size(quota))


def _size(upload: File) -> int:
    try:
        return int(upload.size or 0)
    except (TypeError, ValueError, OSError):
        return 0


def _sha256(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _new_prefix() -> str:
    root = conf.get("CONTENT_STORAGE_PREFIX").strip("/")
    return f"{root}/{uuid.uuid4().hex}/"


def _store(archive: SafeArchive, prefix: str, stored: list[str]) -> None:
    """Copies every file to default_storage; ``stored`` lists what is there, for clean-up."""
    for entry in archive:
        target = prefix + entry.name
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
            written = archive.copy(entry, buffer)
            buffer.seek(0)
            content = File(buffer, name=PurePosixPath(entry.name).name)
            content.size = written
            # The prefix is new, so the name is free; a storage that renames it (a name too
            # long for it) raises, as the package's relative links would break.
            stored.append(stored_file_put(default_storage, target, content))


def _save(
    *,
    package: ContentPackage | None,
    handler: Handler,
    manifest: Manifest,
    prefix: str,
    size: int,
    uncompressed: int,
    file_count: int,
    digest: str,
    original_name: str,
    title: str | None,
    activity: Model | None,
    complete_on_finish: bool,
    by: AbstractBaseUser,
) -> ContentPackageVersion:
    now = timezone.now()
    if package is None:
        fallback = PurePosixPath(original_name).stem or handler.label
        package = ContentPackage(
            title=((title or "").strip() or manifest.title or fallback)[:255],
            kind=handler.kind,
            activity=activity,
            complete_on_finish=complete_on_finish,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        package.full_clean(exclude=["activity"] if activity is None else None)
        package.save()
        number = 1
    else:
        # Lock the package so that two uploads at once get two numbers.
        package = ContentPackage.objects.select_for_update().get(pk=package.pk)
        number = (package.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        package.kind = handler.kind
        package.updated_at = now
        package.save(update_fields=["kind", "updated_at"])
    version = ContentPackageVersion.objects.create(
        package=package,
        number=number,
        kind=handler.kind,
        manifest=manifest.as_json(),
        storage_prefix=prefix,
        size=size,
        uncompressed_size=uncompressed,
        file_count=file_count,
        sha256=digest,
        original_name=original_name,
        uploaded_at=now,
        uploaded_by=by,
    )
    ContentItem.objects.bulk_create(
        ContentItem(
            version=version,
            identifier=item.identifier[:2000],
            title=item.title[:500],
            launch_path=item.launch_path,
            parameters=item.parameters,
            position=position,
            is_launchable=item.is_launchable,
            parent_identifier=(item.parent or "")[:2000],
            data={**item.data, "mastery_score": item.mastery_score},
        )
        for position, item in enumerate(manifest.items)
    )
    return version


def package_update(
    *,
    package: ContentPackage,
    title: str,
    activity: Model | None,
    complete_on_finish: bool | None = None,
) -> ContentPackage:
    """Renames a package, attaches it to another activity, or changes how SCOs that finish without
    a status count (None leaves it as it is); its versions are untouched."""
    package.title = title.strip()[:255]
    package.activity = activity
    if complete_on_finish is not None:
        package.complete_on_finish = complete_on_finish
    package.updated_at = timezone.now()
    package.full_clean()
    package.save(update_fields=["title", "activity", "complete_on_finish", "updated_at"])
    return package


@transaction.atomic
def package_delete(*, package: ContentPackage) -> None:
    """Deletes a package, its versions and items; the stored files go once the deletion commits."""
    prefixes = list(package.versions.values_list("storage_prefix", flat=True))
    package.delete()
    transaction.on_commit(lambda: [prefix_remove(prefix) for prefix in prefixes])
