"""Content packages: safe import of SCORM 1.2 and 2004, cmi5, xAPI (Tin Can) and H5P archives,
their stored files and their versions. Formats are read by ``content.handlers``.

Import from the modules: ``content.packages.services`` (package_import, package_version_add),
``content.packages.errors`` (PackageRejected), ``content.packages.models``.
"""
