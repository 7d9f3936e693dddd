"""The simulated trainees of the quiz answers benchmark, for locust (run by
``bench/bench_quiz_answers.py``, which prepares the quiz, the trainees' sessions and the server).

Each simulated trainee, with a session made beforehand (the quiz is measured, not the sign-in):
opens the quiz, starts an attempt, reads the attempt page (its CSRF token and questions), then in
turns that every trainee takes together (a barrier): posts the bare view (``bench/post``) as many
times as it has answers in the turn, then saves those answers one by one to the endpoint the
page's script posts to, as the script does (form fields, ``X-CSRFToken``). Last it submits.

Any response outside 2xx/3xx is an error. Each request's time is recorded with its turn, and the
results are written as JSON to $BENCH_QUIZ_RESULTS when the last trainee has submitted.
Settings from the environment: $BENCH_QUIZ_PLAN (the JSON file the harness wrote: quiz path,
sessions, turns), $BENCH_QUIZ_THINK (mean seconds a trainee waits before each measured request,
0 by default: everyone at once).
"""

import json
import os
import random
import string
import time
from urllib.parse import urlencode, urlsplit

import gevent
from gevent.event import Event
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

from bench.quiz_page import answers, csrf_token

PLAN = json.loads(open(os.environ["BENCH_QUIZ_PLAN"], encoding="utf-8").read())  # noqa: SIM115
THINK = float(os.environ.get("BENCH_QUIZ_THINK", "0"))
SAVE, BARE = "answer save", "bare POST"


class Barrier:
    """Every trainee waits here until all have arrived; the moment the last one came is kept."""

    def __init__(self, parties: int) -> None:
        self.parties, self.arrived, self.at, self.event = parties, 0, 0.0, Event()

    def wait(self) -> None:
        self.arrived += 1
        if self.arrived == self.parties:
            self.at = time.perf_counter()
            self.event.set()
        self.event.wait()


TRAINEES = len(PLAN["sessions"])
TURNS = PLAN["turns"]
# Every attempt started; then each turn's bare POSTs, and its answers.
barriers = [Barrier(TRAINEES) for _ in range(1 + 2 * TURNS)]
records: list[tuple[str, float, int, bool]] = []  # name, ms, status, ok
joined, finished = [0], [0]


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, **_kwargs) -> None:
    status = getattr(response, "status_code", 0) or 0
    ok = exception is None and 200 <= status < 400
    records.append((name, response_time, status, ok))


def _write_results() -> None:
    spans = {}
    start = barriers[0].at
    for number in range(TURNS):
        for offset, name in ((1, BARE), (2, SAVE)):
            end = barriers[2 * number + offset].at
            spans[f"{name} {number + 1}"] = (start, end)
            start = end
    result = {
        "trainees": TRAINEES,
        "turns": TURNS,
        "think_seconds": THINK,
        "phases": {name: end - begin for name, (begin, end) in spans.items()},
        "requests": [list(r) for r in records],
    }
    with open(os.environ["BENCH_QUIZ_RESULTS"], "w", encoding="utf-8") as out:
        json.dump(result, out)


class Trainee(FastHttpUser):
    # One connection per request, as gunicorn's sync workers close each one.
    concurrency = 1
    network_timeout = 300.0
    connection_timeout = 300.0

    def on_start(self) -> None:
        self.number = joined[0]
        joined[0] += 1
        self.origin = "https://" + urlsplit(self.host).netloc
        # A CSRF cookie of the form Django makes (32 letters and digits), so that every page's
        # token is made from it and no Set-Cookie header needs reading.
        secret = "".join(random.choices(string.ascii_letters + string.digits, k=32))
        self.cookies = {"sessionid": PLAN["sessions"][self.number], "csrftoken": secret}

    def _headers(self, **more: str) -> dict[str, str]:
        return {
            # As from the TLS proxy in front of production, and as a browser posting a form.
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": self.origin + "/",
            "Accept-Language": "ar",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **more,
        }

    def _post(self, path: str, fields: list[tuple[str, str]], *, name: str, **headers: str):
        return self.client.post(
            path,
            data=urlencode(fields),
            headers=self._headers(
                **{"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", **headers}
            ),
            name=name,
            allow_redirects=False,
        )

    def _think(self) -> None:
        if THINK:
            gevent.sleep(random.uniform(0, 2 * THINK))

    @task
    def take_the_quiz(self) -> None:
        home = self.client.get(PLAN["quiz_path"], headers=self._headers(), name="quiz page")
        token = csrf_token(home.text)
        started = self._post(PLAN["quiz_path"], [("csrfmiddlewaretoken", token)], name="attempt start")
        attempt_path = urlsplit(started.headers["Location"]).path
        page = self.client.get(attempt_path, headers=self._headers(), name="attempt page")
        token = csrf_token(page.text)
        questions = answers(page.text)
        save_path = attempt_path + "answer/"
        sequence = int(time.time() * 1000)
        barriers[0].wait()
        for number in range(TURNS):
            mine = questions[number::TURNS]
            for position, fields in mine:
                self._think()
                self._post(
                    "/bench/post",
                    [("position", str(position)), *fields],
                    name=BARE,
                    **{"X-CSRFToken": token},
                )
            barriers[2 * number + 1].wait()
            for position, fields in mine:
                self._think()
                sequence += 1
                self._post(
                    save_path,
                    [("position", str(position)), ("sequence", str(sequence)), *fields],
                    name=SAVE,
                    **{"X-CSRFToken": token},
                )
            barriers[2 * number + 2].wait()
        self._post(attempt_path + "submit/", [("csrfmiddlewaretoken", token)], name="submit")
        self.client.get(attempt_path + "review/", headers=self._headers(), name="review page")
        finished[0] += 1
        if finished[0] == TRAINEES:
            _write_results()
            gevent.spawn_later(0.1, self.environment.runner.quit)
        raise StopUser()
