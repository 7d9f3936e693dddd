"""Small packages built in memory, for tests that do not need the shared corpus."""

import io
import stat
import zipfile
from collections.abc import Mapping

from django.core.files.uploadedfile import SimpleUploadedFile

SCORM12_NS = (
    'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
)
SCORM2004_NS = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
    'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
    'xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" '
    'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"'
)
PAGE = b"<!doctype html><html lang='ar' dir='rtl'><title>page</title><p>\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</p>"


def zip_bytes(files: Mapping[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def with_entry(data: bytes, info: zipfile.ZipInfo, content: bytes = b"") -> bytes:
    """``data`` (a ZIP) with one more entry described by ``info`` (a link, a device, …)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(info, content)
    return buffer.getvalue()


def symlink_entry(name: str = "link.html", target: bytes = b"/etc/passwd") -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def upload(data: bytes, name: str = "package.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def scorm12_manifest(items: str, resources: str, *, title: str = "دورة تجريبية") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.scorm12" version="1" {SCORM12_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>{items}</organization>
  </organizations>
  <resources>{resources}</resources>
</manifest>"""


def scorm12(
    *, title: str = "دورة تجريبية", mastery: str | None = None, extra: Mapping[str, bytes | str] | None = None
) -> bytes:
    """One SCO at index.html."""
    mastery_element = f"<adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery else ""
    manifest = scorm12_manifest(
        f'<item identifier="i1" identifierref="r1"><title>الدرس الأول</title>{mastery_element}</item>',
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/></resource>',
        title=title,
    )
    return zip_bytes({"imsmanifest.xml": manifest, "index.html": PAGE, **(extra or {})})


def scorm2004(
    *, schemaversion: str = "2004 4th Edition", sequencing: str = "", items: str | None = None
) -> bytes:
    items = items or (
        '<item identifier="i1" identifierref="r1"><title>One</title>'
        '<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">'
        "<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective>"
        "</imsss:objectives></imsss:sequencing></item>"
        '<item identifier="i2" identifierref="r2" parameters="?part=2"><title>Two</title>'
        '<imsss:sequencing IDRef="shared"><imsss:sequencingRules><imsss:preConditionRule>'
        '<imsss:ruleConditions conditionCombination="any">'
        '<imsss:ruleCondition referencedObjective="prev" operator="not" condition="satisfied"/>'
        '</imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
        "</imsss:sequencingRules></imsss:sequencing></item>"
    )
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.2004" version="1" {SCORM2004_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{schemaversion}</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>SCORM 2004</title>{items}
      <imsss:sequencing><imsss:controlMode choice="false" flow="true"/>{sequencing}</imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="one.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="two.html?x=1"/>
  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="shared">
      <imsss:rollupRules objectiveMeasureWeight="0.5">
        <imsss:rollupRule childActivitySet="all">
          <imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>
          <imsss:rollupAction action="satisfied"/>
        </imsss:rollupRule>
      </imsss:rollupRules>
      <imsss:deliveryControls tracked="true" completionSetByContent="true"/>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>"""
    return zip_bytes({"imsmanifest.xml": manifest, "one.html": PAGE, "two.html": PAGE})


def cmi5_xml(aus: str, *, blocks: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://tadrib.example/course/1">
    <title><langstring lang="en-US">Course</langstring><langstring lang="ar">دورة</langstring></title>
    <description><langstring lang="en-US">About</langstring></description>
  </course>
  {aus}{blocks}
</courseStructure>"""


def cmi5_au(
    identifier: str = "https://tadrib.example/au/1", url: str = "au/index.html", **attributes: str
) -> str:
    extra = "".join(f' {key}="{value}"' for key, value in attributes.items())
    return (
        f'<au id="{identifier}"{extra}><title><langstring lang="en">AU {identifier[-1]}</langstring></title>'
        f"<description><langstring lang='en'>d</langstring></description><url>{url}</url></au>"
    )


def cmi5(aus: str | None = None, *, blocks: str = "", files: Mapping[str, bytes] | None = None) -> bytes:
    body = cmi5_xml(aus if aus is not None else cmi5_au(moveOn="CompletedOrPassed"), blocks=blocks)
    return zip_bytes({"cmi5.xml": body, **(files if files is not None else {"au/index.html": PAGE})})


def tincan(activities: str | None = None) -> bytes:
    activities = (
        activities
        if activities is not None
        else (
            '<activity id="https://tadrib.example/tincan/course" type="http://adlnet.gov/expapi/activities/course">'
            "<name>مقدمة</name><description lang='ar'>وصف</description><launch lang='ar'>index.html</launch>"
            "</activity>"
        )
    )
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>{activities}</activities></tincan>"""
    return zip_bytes({"tincan.xml": "\ufeff" + xml, "index.html": PAGE})


def h5p_files(*, main: str = "H5P.TrueFalse", libraries: bool = True) -> dict[str, bytes | str]:
    import json

    files: dict[str, bytes | str] = {
        "h5p.json": json.dumps(
            {
                "title": "صح أم خطأ",
                "language": "ar",
                "mainLibrary": main,
                "embedTypes": ["div"],
                "license": "U",
                "preloadedDependencies": [
                    {"machineName": "H5P.TrueFalse", "majorVersion": "1", "minorVersion": "6"},
                ],
            }
        ),
        "content/content.json": json.dumps({"question": "<p>هل هذا صحيح؟</p>"}),
    }
    if libraries:
        files["H5P.TrueFalse-1.6/library.json"] = json.dumps(
            {
                "title": "True/False",
                "machineName": "H5P.TrueFalse",
                "majorVersion": 1,
                "minorVersion": 6,
                "patchVersion": 1,
                "runnable": 1,
                "preloadedJs": [{"path": "scripts/tf.js"}],
                "preloadedDependencies": [
                    {"machineName": "H5P.Question", "majorVersion": 1, "minorVersion": 4}
                ],
            }
        )
        files["H5P.TrueFalse-1.6/scripts/tf.js"] = "var H5P = H5P || {};"
        files["H5P.Question-1.4/library.json"] = json.dumps(
            {
                "title": "Question",
                "machineName": "H5P.Question",
                "majorVersion": 1,
                "minorVersion": 4,
                "patchVersion": 6,
            }
        )
    return files


def h5p(**kwargs) -> bytes:
    return zip_bytes(h5p_files(**kwargs))


def read(data: bytes):
    """The manifest of an in-memory package, as the handler that detects it reads it."""
    from content.handlers import detect
    from content.packages.archive import SafeArchive

    with SafeArchive.open(io.BytesIO(data), size=len(data)) as archive:
        return detect(archive).read(archive)
