"""Reading the one byte range a request asks for (RFC 9110 §14), and placing it in a file."""

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from lms.byteranges import RangeNotSatisfiable, byte_range, byte_spec, spec_header

requests = RequestFactory()


def spec_of(header: str, method: str = "get", **extra):
    return byte_spec(getattr(requests, method)("/f", HTTP_RANGE=header, **extra))


@pytest.mark.parametrize(
    ("header", "spec"),
    [
        ("bytes=0-", (0, None)),
        ("bytes=0-1", (0, 1)),
        ("bytes=100-199", (100, 199)),
        ("bytes=-500", (None, 500)),
        ("BYTES= 7-7 ", (7, 7)),
    ],
)
def test_one_range_is_read_as_its_first_and_last_byte(header, spec):
    assert spec_of(header) == spec
    assert spec_of(spec_header(spec)) == spec


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes=",
        "bytes=-",
        "bytes=5-2",  # last before first: not a valid range
        "bytes=0-1,4-5",  # several ranges: the whole file instead
        "items=0-1",
        "bytes=a-b",
        "bytes=0-1\n",
        "bytes=" + "9" * 20 + "-",  # longer than any file's offset
    ],
)
def test_anything_but_one_byte_range_asks_for_the_whole_file(header):
    assert spec_of(header) is None


def test_a_range_is_answered_only_for_get_and_never_with_if_range():
    assert spec_of("bytes=0-1", "head") is None
    assert spec_of("bytes=0-1", "post") is None
    # The LMS hands out no validator, so none an If-Range names can match: the whole file.
    assert spec_of("bytes=0-1", HTTP_IF_RANGE='"v1"') is None
    assert byte_spec(None) is None


@pytest.mark.parametrize(
    ("spec", "size", "placed"),
    [
        ((0, None), 10, (0, 9)),
        ((2, 4), 10, (2, 4)),
        ((2, 400), 10, (2, 9)),  # a last byte past the end means the end
        ((None, 3), 10, (7, 9)),
        ((None, 30), 10, (0, 9)),  # a suffix longer than the file is the whole file
        ((9, 9), 10, (9, 9)),
    ],
)
def test_a_range_is_placed_within_the_file(spec, size, placed):
    assert byte_range(spec, size) == placed


@pytest.mark.parametrize(
    ("spec", "size"), [((10, None), 10), ((10, 12), 10), ((None, 0), 10), ((None, 5), 0)]
)
def test_a_range_with_no_byte_of_the_file_cannot_be_satisfied(spec, size):
    with pytest.raises(RangeNotSatisfiable):
        byte_range(spec, size)


HEADERS = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"(?i)bytes=[ \t]*[0-9]{0,22}-[0-9]{0,22}(,[0-9]*-[0-9]*)?[ \t]*", fullmatch=True),
)


@given(HEADERS, st.integers(min_value=0, max_value=10**6))
def test_any_header_is_either_ignored_refused_or_placed_inside_the_file(header, size):
    spec = spec_of(header)
    if spec is None:
        return
    try:
        first, last = byte_range(spec, size)
    except RangeNotSatisfiable:
        return
    assert 0 <= first <= last < size
