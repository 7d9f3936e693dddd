"""Assessment: question banks, quizzes, attempts, grading, GIFT/Moodle XML formats and item analysis.

Split by feature: ``bank/`` (questions and their versions), ``quizzes/`` (quiz settings as course
activities), ``attempts/`` (taking a quiz: the attempt's allowed moves, answers, deadlines),
``grading/`` (scoring each question type, manual grading, regrades, overrides), ``formats/``
(GIFT and Moodle XML import and export), ``analysis/`` (facility, discrimination, learning gain).
"""
