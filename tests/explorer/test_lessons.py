"""Lessons: files are data, every built-in check fails at its start and passes when solved,
and a broken file is reported by name and line while the rest still load."""

import json
from pathlib import Path

import pytest
from test_lesson_markdown import Elements, links

from tinynet.explorer.cli import main
from tinynet.explorer.lessons.checks import Situation, evaluate, problems
from tinynet.explorer.lessons.files import (
    LESSONS,
    LessonError,
    load_dir,
    parse_lesson,
    with_teacher_lessons,
)
from tinynet.explorer.lessons.markdown import MATH_TAGS, TEXT_TAGS
from tinynet.explorer.lessons.trial import solved, trial
from tinynet.explorer.state import State, TrainOptions
from tinynet.model import Params

GOOD = """
title = "Shear"
[[steps]]
title = "Set w21"
text = "Set **w21 = 1**."
preset = { activation = "linear" }
check = { equals = { w21 = 1.0 } }
solution = { w21 = 1.0 }
"""


def test_every_built_in_lesson_asked_for_is_there():
    asked = {
        "linear-maps",
        "sigmoid-squeeze",
        "tanh",
        "relu-fold",
        "separate-the-points",
        "relu-separates",
        "xor",
        "circles",
        "vanishing-gradient",
        "dead-relu",
        "cross-entropy",
    }
    assert asked <= set(LESSONS)


@pytest.mark.parametrize("name", list(LESSONS))
def test_each_check_fails_at_the_start_and_passes_with_the_intended_answer(name):
    trials = trial(LESSONS[name])
    assert trials, "a lesson without a single check teaches nothing you can check"
    for t in trials:
        assert not t.at_start.passed, (name, t.step, t.at_start.reasons)
        assert t.solved is not None and t.solved.passed, (name, t.step, t.solved)


def test_presets_add_up_from_step_to_step():
    steps = LESSONS["linear-maps"].steps
    assert steps[0].state.activation == "linear"
    assert steps[3].state.params.w21 == 1.0 and steps[3].state.params.w11 == -1.0
    assert steps[3].state.activation == "linear"  # set in step 1, still there in step 4


def test_a_preset_can_set_training_options():
    step = LESSONS["cross-entropy"].steps[0]
    assert step.train.loss == "mse" and step.train.start == "sliders"


def test_accuracy_check_says_how_far_off_it_is():
    step = LESSONS["separate-the-points"].steps[1]
    verdict = evaluate(step.check, Situation(step.state, step.train, step.state, step.train))
    assert not verdict.passed
    assert (False, "the accuracy on the data is 50.0%, but needs to be at least 100.0%") in (
        verdict.conditions
    )


def test_only_changed_names_the_weight_that_moved():
    step = LESSONS["separate-the-points"].steps[1]
    state, train, _ = solved(step)
    moved = State(**{**state.__dict__, "params": state.params.replace(w11=2.0)})
    verdict = evaluate(step.check, Situation(moved, train, step.state, step.train))
    assert not verdict.passed
    assert (False, "w11 changed from -3 to 2: put it back (this step asks to leave it)") in (
        verdict.conditions
    )


def test_dead_units_counts_a_relu_unit_negative_on_every_point():
    state = State(params=Params.default().replace(b11=-3.0), activation="relu")
    check = {"at_most": {"dead_units": 0}}
    verdict = evaluate(check, Situation(state, TrainOptions(), state, TrainOptions()))
    assert not verdict.passed and "is 1" in verdict.reasons[0]


def test_an_answer_must_be_picked():
    step = LESSONS["linear-maps"].steps[5]
    s = Situation(step.state, step.train, step.state, step.train, answer=None)
    assert evaluate(step.check, s).conditions == ((False, "no answer is picked yet"),)


def test_conditions_use_peoples_names_and_say_met_or_not():
    step = LESSONS["relu-separates"].steps[1]
    verdict = evaluate(step.check, Situation(step.state, step.train, step.state, step.train))
    unmet = [text for ok, text in verdict.conditions if not ok]
    assert any(text == "the activation is Tanh, but needs to be ReLU" for text in unmet), unmet
    state, train, answer = solved(step)
    passed = evaluate(step.check, Situation(state, train, step.state, step.train, answer))
    assert passed.passed and all(ok for ok, _ in passed.conditions)
    assert any(text == "the activation is ReLU, as asked" for _, text in passed.conditions)


def test_the_loss_is_named_as_people_name_it():
    step = LESSONS["cross-entropy"].steps[1]
    verdict = evaluate(step.check, Situation(step.state, step.train, step.state, step.train))
    assert (False, "the loss is squared error, but needs to be cross-entropy") in verdict.conditions


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(4))",
        "[x]( JavaScript:alert(4) )",
        "[x](java&#115;cript:alert(4))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![i](javascript:alert(4))",
        "<javascript:alert(4)>",
        "[x][1]\n\n[1]: javascript:alert(4)",
        "$\\href{javascript:alert(4)}{x}$",
        "[x](vbscript:msgbox(1))",
    ],
)
def test_lesson_text_holds_no_script_or_data_links(text):
    quoted = json.dumps(text)  # JSON's escapes are TOML's
    lesson = parse_lesson(
        f'title = "T"\n[[steps]]\ntitle = "S"\ntext = {quoted}\nhints = [{quoted}]\n',
        "evil",
        "evil.toml",
    )
    step = lesson.steps[0]
    # The text is shown as the HTML made of it; hints are plain text (the page escapes them).
    for tag, attrs in Elements(step.html).found:
        assert tag in TEXT_TAGS | MATH_TAGS, tag
        for value in (attrs.get("href"), attrs.get("src")):
            assert value is None or value.split(":")[0] in ("http", "https"), value


def test_lesson_text_keeps_web_links():
    text = "See [the notebook](https://example.org/nb) and [the top](#top) or <https://x.org>."
    lesson = parse_lesson(
        f'title = "T"\n[[steps]]\ntitle = "S"\ntext = {json.dumps(text)}\n', "good", "good.toml"
    )
    assert [a["href"] for a in links(lesson.steps[0].html)] == [
        "https://example.org/nb",
        "#top",
        "https://x.org",
    ]


@pytest.mark.parametrize(
    "check, words",
    [
        ({"at_least": {"nonsense": 1}}, "neither a quantity nor a state field"),
        ({"bigger": {"accuracy": 1}}, "check.bigger is not one of"),
        ({"only_changed": ["w99"]}, "must list weight names"),
        ({"at_most": {"accuracy": "high"}}, "must be a number"),
        ({"one_of": {"activation": "relu"}}, "must be a list"),
        ("accuracy = 1", "must be a table"),
    ],
)
def test_a_malformed_check_is_explained(check, words):
    assert any(words in p for p in problems(check))


def test_a_toml_syntax_error_is_reported_with_its_line():
    with pytest.raises(LessonError) as err:
        parse_lesson('title = "x"\n[[steps]]\ntitle = "a\n', "broken", "broken.toml")
    assert err.value.source == "broken.toml" and err.value.line == 3
    assert str(err.value).startswith("broken.toml, line 3:")


def test_a_bad_preset_is_reported_at_its_step():
    text = GOOD + '\n[[steps]]\ntitle = "two"\npreset = { w11 = "lots" }\n'
    with pytest.raises(LessonError) as err:
        parse_lesson(text, "bad", "bad.toml")
    assert err.value.line == text.splitlines().index("[[steps]]", 3) + 1
    assert "step 2: preset: w11: 'lots' is not a number" in str(err.value)


def test_unknown_step_keys_and_answers_outside_the_choices_are_refused():
    with pytest.raises(LessonError, match="unknown keys code"):
        parse_lesson(GOOD.replace('text = "', 'code = "x"\ntext = "'), "a", "a.toml")
    bad = 'title = "t"\n[[steps]]\ntitle = "q"\nchoices = ["Yes"]\ncheck = { answer = "No" }\n'
    with pytest.raises(LessonError, match="one of the step's choices"):
        parse_lesson(bad, "b", "b.toml")


def test_a_directory_loads_the_good_files_and_reports_the_bad(tmp_path: Path):
    (tmp_path / "shear.toml").write_text(GOOD)
    (tmp_path / "broken.toml").write_text('title = "x"\n[[steps]\n')
    lessons, errors = load_dir(tmp_path)
    assert [lesson.name for lesson in lessons] == ["shear"]
    assert len(errors) == 1 and errors[0].source == "broken.toml" and errors[0].line == 2
    merged, notes = with_teacher_lessons(tmp_path)
    assert "shear" in merged and set(LESSONS) <= set(merged)
    assert notes == [f"lesson not loaded: {errors[0]}"]


def test_a_teachers_file_replaces_a_built_in_of_the_same_name(tmp_path: Path):
    (tmp_path / "xor.toml").write_text(GOOD)
    merged, notes = with_teacher_lessons(tmp_path)
    assert merged["xor"].title == "Shear"
    assert notes == ["lesson xor: your file replaces the built-in one"]


def test_tinynet_lessons_tries_every_check(tmp_path: Path, capsys):
    assert main(["lessons"]) == 0
    (tmp_path / "always.toml").write_text(GOOD.replace("w21 = 1.0 } }", "w21 = 0.0 } }", 1))
    assert main(["lessons", "--lessons", str(tmp_path)]) == 1
    assert "already passes at the step's start" in capsys.readouterr().out


def test_lessons_option_must_name_a_directory(tmp_path: Path):
    with pytest.raises(SystemExit) as exit_:
        main(["lessons", "--lessons", str(tmp_path / "missing")])
    assert exit_.value.code == 2


def test_the_readme_example_lesson_is_a_valid_lesson_whose_checks_work():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    text = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    lesson = parse_lesson(text, "readme-example", "README.md")
    assert [t.ok for t in trial(lesson)] == [True, True]
