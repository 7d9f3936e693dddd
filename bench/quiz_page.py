"""Reading a quiz attempt page as its script does: the CSRF token, and each question's fields,
filled with an answer (the first option, or a short text), as the page's script would post them.

Shared by the load test's simulated trainees (``bench/locustfile_quiz.py``) and the profile of
the answer save (``bench/bench_quiz_answers.py``); plain Python, so that the harness does not
import locust (which patches the standard library for gevent).
"""

import re

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION = re.compile(r'<fieldset class="question[^"]*" data-position="(\d+)" data-kind="(\w+)"')
CHOICE = re.compile(r'<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]*)"')
TEXT = re.compile(r'<input type="text"[^>]*? name="([^"]+)"')
SELECT = re.compile(r'<select name="([^"]+)">(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
TEXTAREA = re.compile(r'<textarea name="([^"]+)"')

TEXT_ANSWER = {"numeric": "12", "essay": "نبدأ بشرح الهدف للموظفين ثم نجرب الخدمة في شعبة واحدة."}


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if found is None:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


def answers(html: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """Each question's position and the fields of an answer to it, in the page's order."""
    found = []
    starts = list(QUESTION.finditer(html))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(html)
        chunk = html[match.start() : end]
        kind = match.group(2)
        fields: list[tuple[str, str]] = []
        chosen: set[str] = set()
        for name, value in CHOICE.findall(chunk):
            if name not in chosen:  # the first option of a radio group or checkbox list
                chosen.add(name)
                fields.append((name, value))
        fields += [(name, TEXT_ANSWER.get(kind, "الحوكمة")) for name in TEXT.findall(chunk)]
        for name, options in SELECT.findall(chunk):
            fields.append((name, OPTION.findall(options)[0]))
        fields += [(name, TEXT_ANSWER["essay"]) for name in TEXTAREA.findall(chunk)]
        found.append((int(match.group(1)), fields))
    if not found:
        raise ValueError("no question on the page")
    return found
