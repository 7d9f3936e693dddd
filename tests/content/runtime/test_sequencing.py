"""The SCORM 2004 sequencing engine against the behaviour the SN book's pseudo-code defines, on
courses built like ADL's Golf sequencing samples (tests/content/sequenced_courses.py)."""

from content.runtime import sequencing as seq
from tests.content import sequenced_courses as courses
from tests.content.packages.builders import read

PASSED = {"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.9"}
FAILED = {"cmi.completion_status": "completed", "cmi.success_status": "failed", "cmi.score.scaled": "0.3"}
DONE = {"cmi.completion_status": "completed"}


class Session:
    """One trainee's state and a commit counter, as the player and the server keep them."""

    def __init__(self, data: bytes) -> None:
        self.tree = seq.Tree(read(data).as_json())
        self.state = seq.new_state()
        self.sequence = 0

    def report(self, cmi: dict[str, str]) -> None:
        self.sequence += 1
        assert seq.track(self.state, self.tree, self.state["current"], cmi, self.sequence)

    def ask(self, request: str, target: str = "") -> seq.Outcome:
        return seq.navigate(self.state, self.tree, request, target=target, sequence=self.sequence)

    def attempts(self, identifier: str) -> int:
        return self.state["activities"][identifier]["attempts"]

    @property
    def offer(self) -> dict:
        return seq.availability(self.state, self.tree, self.sequence)


def test_forced_order_delivers_the_parts_in_order_and_refuses_choice():
    session = Session(courses.forced_sequential())
    assert session.ask("start").deliver == "part1"
    offer = session.offer
    assert offer["previous"] == seq.START
    assert offer["continue"] is None
    assert offer["choice"]["part3"]["refused"] == seq.NO_CHOICE
    assert session.ask("choice", "part3").refused == seq.NO_CHOICE
    assert session.state["current"] == "part1"  # a refused request changes nothing
    session.report(DONE)
    assert session.ask("continue").deliver == "part2"
    assert session.ask("previous").deliver == "part1"
    assert session.attempts("part1") == 2
    assert session.ask("continue").deliver == "part2"
    assert session.ask("continue").deliver == "part3"
    outcome = session.ask("continue")
    assert outcome.ended and outcome.reason == seq.END
    assert session.state["current"] is None


def test_without_flow_the_course_starts_on_the_first_part_choice_allows_and_continue_is_refused():
    nodes = [courses.Node("a", "A"), courses.Node("b", "B")]
    session = Session(courses.package("Choice only", nodes))
    assert session.ask("start").deliver == "a"
    assert session.offer["continue"] == seq.NO_FLOW
    assert session.ask("choice", "b").deliver == "b"


def test_remediation_sends_a_failing_trainee_back_to_the_lessons_and_lets_them_pass_on_the_retry():
    session = Session(courses.remediation())
    assert session.ask("start").deliver == "lesson1"
    session.report(DONE)
    assert session.ask("continue").deliver == "lesson2"
    session.report(DONE)
    assert session.ask("continue").deliver == "test"
    session.report(FAILED)
    # The post-condition rule (retryAll): a new attempt of the whole course, from its first lesson.
    assert session.ask("continue").deliver == "lesson1"
    assert session.attempts("lesson1") == 2
    assert session.attempts("") == 2
    assert seq.summary(session.state, session.tree)["passed"] is None
    session.report(DONE)
    assert session.ask("continue").deliver == "lesson2"
    session.report(DONE)
    assert session.ask("continue").deliver == "test"
    assert session.attempts("test") == 2
    session.report(PASSED)
    outcome = session.ask("continue")
    assert outcome.ended and outcome.reason == seq.END
    assert seq.summary(session.state, session.tree) == {"completed": True, "passed": True, "measure": 0.9}


def test_remediation_with_previous_goes_back_one_part():
    session = Session(courses.remediation(action="previous"))
    session.ask("start")
    session.report(DONE)
    session.ask("continue")
    session.report(DONE)
    session.ask("continue")
    session.report(FAILED)
    assert session.ask("continue").deliver == "lesson2"


def test_an_attempt_limit_closes_the_test_after_its_last_try():
    session = Session(courses.remediation(attempt_limit=1))
    session.ask("start")
    session.report(DONE)
    session.ask("choice", "test")
    session.report(FAILED)
    outcome = session.ask("choice", "lesson1")
    assert outcome.deliver == "lesson1"
    assert session.offer["choice"]["test"]["refused"] == seq.LIMIT
    assert session.ask("choice", "test").refused == seq.LIMIT


def test_a_retry_refused_by_the_attempt_limit_leaves_the_trainee_where_they_were():
    session = Session(courses.remediation(attempt_limit=1, action="retry"))
    session.ask("start")
    session.ask("choice", "test")
    session.report(FAILED)
    outcome = session.ask("continue")
    assert outcome.refused == seq.LIMIT
    assert session.state["current"] == "test"


def test_the_default_rollup_needs_every_part_and_measure_weights_decide_the_score():
    session = Session(courses.forced_sequential())
    session.ask("start")
    for _ in range(3):
        session.report(PASSED)
        session.ask("continue")
    assert seq.summary(session.state, session.tree) == {"completed": True, "passed": True, "measure": 0.9}


def test_the_course_is_the_post_test_the_lesson_counts_for_nothing():
    session = Session(courses.rollup_of_test())
    session.ask("start")
    session.report({"cmi.completion_status": "incomplete", "cmi.score.scaled": "1"})
    session.ask("continue")
    assert session.state["current"] == "test"
    session.report({"cmi.completion_status": "completed", "cmi.score.scaled": "0.5"})
    # Any child completed completes the course; its measure is the test's alone, under 0.6.
    assert seq.summary(session.state, session.tree) == {"completed": True, "passed": False, "measure": 0.5}
    session.report({"cmi.completion_status": "completed", "cmi.score.scaled": "0.7"})
    assert seq.summary(session.state, session.tree)["passed"] is True


def test_skip_hidden_from_choice_stop_forward_traversal_and_exit_all():
    session = Session(courses.pretest_skips())
    assert session.offer["choice"]["answers"]["hidden"] is True
    session.ask("start")
    assert session.state["current"] == "pretest"
    session.report(FAILED)
    assert session.ask("continue").deliver == "lesson"
    assert session.ask("choice", "answers").refused == seq.HIDDEN
    session.report({"cmi.completion_status": "incomplete"})
    assert session.ask("choice", "closing").refused == seq.STOP
    session.report(DONE)
    assert session.ask("choice", "closing").deliver == "closing"
    outcome = session.ask("continue")
    assert outcome.ended and outcome.reason == "exitAll"


def test_a_passed_pretest_skips_the_lesson():
    session = Session(courses.pretest_skips())
    session.ask("start")
    session.report(PASSED)
    # The lesson reads the pre-test's global objective: satisfied, so flow passes over it.
    assert session.ask("continue").deliver == "answers"


def test_a_disabled_part_stops_flow_until_its_rule_no_longer_holds():
    nodes = [
        courses.Node("a", "A", courses.primary("a", writes="g.a") + courses.NOT_BY_DELIVERY),
        courses.Node(
            "b",
            "B",
            courses.primary("b", reads={"prev": "g.a"})
            + courses.rules(
                courses.rule(
                    "preConditionRule",
                    "disabled",
                    "not satisfied@prev",
                    "not objectiveStatusKnown@prev",
                    combination="any",
                )
            ),
        ),
    ]
    session = Session(
        courses.package("Golf forced", nodes, organisation=courses.controls(choice=True, flow=True))
    )
    session.ask("start")
    assert session.offer["continue"] == seq.DISABLED
    assert session.offer["choice"]["b"]["refused"] == seq.DISABLED
    session.report(FAILED)
    assert session.ask("continue").refused == seq.DISABLED
    session.report(PASSED)
    assert session.ask("continue").deliver == "b"


def test_forward_only_refuses_previous_and_choosing_backwards():
    nodes = [courses.Node(n, n.upper()) for n in ("a", "b", "c")]
    session = Session(
        courses.package("Forward", nodes, organisation=courses.controls(flow=True, forwardOnly=True))
    )
    session.ask("start")
    session.ask("continue")
    assert session.offer["previous"] == seq.FORWARD_ONLY
    assert session.ask("choice", "a").refused == seq.FORWARD_ONLY
    assert session.ask("choice", "c").deliver == "c"


def test_choice_exit_off_keeps_the_trainee_in_the_module_until_it_ends():
    module = courses.Node(
        "m",
        "Module",
        courses.controls(choiceExit=False, flow=True),
        [courses.Node("m1", "M1"), courses.Node("m2", "M2")],
    )
    session = Session(
        courses.package("Exit", [module, courses.Node("z", "Z")], organisation=courses.controls(flow=True))
    )
    session.ask("start")
    assert session.ask("choice", "z").refused == seq.CHOICE_EXIT
    assert session.ask("choice", "m2").deliver == "m2"


def test_exit_parent_post_condition_leaves_the_module_and_flows_on():
    module = courses.Node(
        "m",
        "Module",
        courses.controls(flow=True),
        [
            courses.Node(
                "m1", "M1", courses.rules(courses.rule("postConditionRule", "exitParent", "satisfied"))
            ),
            courses.Node("m2", "M2"),
        ],
    )
    module_after = courses.Node("n", "Next")
    session = Session(
        courses.package("Exit parent", [module, module_after], organisation=courses.controls(flow=True))
    )
    session.ask("start")
    session.report(PASSED)
    # exitParent ends the module; the continue request flows on from it, past m2.
    assert session.ask("continue").deliver == "n"


def test_suspend_all_then_resume_all_returns_to_the_same_attempt():
    session = Session(courses.forced_sequential())
    session.ask("start")
    session.report(DONE)
    session.ask("continue")
    assert session.ask("suspendAll").ended
    assert session.state["suspended"] == "part2"
    assert session.ask("resume").deliver == "part2"
    assert session.attempts("part2") == 1


def test_an_interrupted_session_resumes_on_its_part_and_exit_all_ends_it():
    session = Session(courses.forced_sequential())
    session.ask("start")
    session.report(DONE)
    session.ask("continue")
    assert session.ask("resume").deliver == "part2"
    assert session.attempts("part2") == 1
    outcome = session.ask("exitAll")
    assert outcome.ended and outcome.reason == "exitAll"
    assert session.state["current"] is None


def test_a_commit_of_an_earlier_attempt_changes_nothing():
    session = Session(courses.remediation())
    session.ask("start")
    stale = session.sequence + 1  # sent offline during the first try, arrives after the retry
    session.report(DONE)
    session.ask("choice", "test")
    session.report(FAILED)
    session.ask("continue")
    assert not seq.track(session.state, session.tree, "lesson1", PASSED, stale)


def test_content_that_reports_nothing_is_completed_and_satisfied_by_delivery():
    nodes = [courses.Node("a", "A"), courses.Node("b", "B")]
    session = Session(courses.package("Plain", nodes, organisation=courses.controls(flow=True)))
    session.ask("start")
    session.ask("continue")
    session.ask("continue")
    assert seq.summary(session.state, session.tree) == {"completed": True, "passed": True, "measure": None}


def test_unknown_requests_and_targets_are_refused():
    session = Session(courses.forced_sequential())
    assert session.ask("jumpAround").refused
    assert session.ask("continue").refused == seq.NOT_STARTED
    session.ask("start")
    assert session.ask("start").refused
    assert session.ask("choice", "nowhere").refused
