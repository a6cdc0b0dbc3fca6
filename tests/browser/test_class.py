"""A class in real browsers: a teacher and three students, each in a context of their own. They
join by the code and the join link, pass and fail a step, and the board shows it; a reload keeps
the student; a report made offline arrives when the page is back; pacing holds the lesson,
pausing covers every page until resumed; the board anonymises, compares and hands out the
results; the board and a student's page pass axe."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from axe_check import violations
from conftest import ARTIFACTS, Page
from servers import TEACHER_KEY

NAMES = itertools.count(1)


class Board:
    """The teacher's board page (not the explorer: no Dash, its own readiness)."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.goto(f"{base}/teacher?key={TEACHER_KEY}")
        page.wait_for_function("() => window.tinynetBoard && window.tinynetBoard.style")

    def new_class(self, lesson: str = "linear-maps") -> tuple[str, str]:
        name = f"Period {next(NAMES)}"
        self.page.fill("#new-name", name)
        self.page.select_option("#new-lesson", lesson)
        self.page.click("#new-class button")
        self.page.wait_for_function(
            "n => document.getElementById('board-title').textContent === n", arg=name
        )
        return name, self.page.inner_text("#join-code")

    def until(self, script: str, arg=None) -> None:
        self.page.wait_for_function(script, arg=arg, timeout=60_000)

    def tile(self, nickname: str) -> str:
        return self.page.evaluate(
            """n => { const t = [...document.querySelectorAll('.tile')]
                 .find(t => t.querySelector('.name').textContent.startsWith(n));
                 return t ? t.innerText : ''; }""",
            nickname,
        )


@pytest.fixture
def teacher(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    board = Board(context.new_page(), server_url)
    yield board
    board.page.screenshot(path=str(ARTIFACTS / "class-board.png"), full_page=True)
    assert board.errors == []
    context.close()


@pytest.fixture
def students(browser, server_url):
    made = []

    def student(code: str, nickname: str, by_link: bool = True) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = Page(context.new_page(), server_url)
        page.open(f"?join={code}" if by_link else "")
        if not by_link:
            page.page.click("#class-join-open")
            page.page.fill("#class-code", code)
        page.page.fill("#class-nickname", nickname)
        page.page.click("#class-join")
        page.until_text("class-status", f"as {nickname}")
        page.until("() => document.getElementById('lesson-step-title').textContent !== ''")
        page.quiet()
        made.append(page)
        return page

    yield student
    for page in made:
        assert page.errors == [], page.errors
        page.page.context.close()


def step(page: Page, number: int) -> None:
    page.until(
        "n => document.getElementById('lesson-step-title').textContent.startsWith('Step ' + n)",
        number,
    )


def check(page: Page) -> None:
    before = page.page.evaluate("() => window.tinynetClass.state.seq")
    page.page.click("#lesson-check")
    page.until("() => document.getElementById('lesson-result').textContent.length > 3")
    page.until("b => window.tinynetClass.state.seq > b", before)


def test_students_join_pass_and_fail_and_the_board_shows_it_live(teacher, students):
    name, code = teacher.new_class()
    alex = students(code, "Alex")
    bea = students(code.lower(), "Bea", by_link=False)
    chen = students(code, "Chen")
    assert "In " + name + " as Alex" in alex.text("class-status")
    teacher.until("() => document.querySelectorAll('.tile').length === 3")
    for page in (alex, bea):
        page.page.click("#lesson-next")
        step(page, 2)
    alex.set_weight("w21", 1)
    check(alex)
    check(bea)
    teacher.until(
        """() => document.getElementById('summary').textContent
             .includes('1 of 3 passed step 2; 1 stuck on w21 about 1')"""
    )
    assert "✓ 2" in teacher.tile("Alex") and "✗ 2" in teacher.tile("Bea")
    assert "step 1" in teacher.tile("Chen") and "✓" not in teacher.tile("Chen")
    # Alex's picture on the board is Alex's own: w21 = 1, drawn from the reported weights.
    teacher.until(
        """() => [...window.tinynetBoard.students.values()]
             .some(s => s.nickname === 'Alex' && (s.picture || '').includes('w21=1.0'))"""
    )
    # A reload keeps the student: the same one, no second tile.
    bea.page.reload()
    bea.wait_ready()
    bea.until_text("class-status", "as Bea")
    chen.page.click("#lesson-next")
    step(chen, 2)
    teacher.until(
        "() => [...document.querySelectorAll('.tile')].some(t => t.innerText.includes('Chen')"
        " && t.innerText.includes('step 2'))"
    )
    assert teacher.page.evaluate("() => document.querySelectorAll('.tile').length") == 3
    # The results for a gradebook.
    with teacher.page.expect_download() as info:
        teacher.page.click("#results")
    text = info.value.path().read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    by = {(r["nickname"], r["step"]): r for r in rows}
    assert by[("Alex", "2")]["passed"] == "yes" and by[("Bea", "2")]["passed"] == "no"
    assert by[("Bea", "2")]["attempts"] == "1" and ("Chen", "") in by
    # Kept past the 30 days: the class list the board loads says so.
    teacher.page.check("#keep")
    teacher.until("() => window.tinynetBoard.classes.some(c => c.keep)")


def test_a_check_made_offline_reaches_the_board_when_the_page_is_back(teacher, students):
    _, code = teacher.new_class()
    dee = students(code, "Dee")
    dee.page.click("#lesson-next")
    step(dee, 2)
    dee.set_weight("w21", 1)
    dee.page.context.set_offline(True)
    before = dee.page.evaluate("() => window.tinynetClass.state.seq")
    dee.page.click("#lesson-check")  # the page's own verdict needs the server: it waits too
    dee.until("b => window.tinynetClass.state.seq > b", before)
    dee.until("() => window.tinynetClass.state.retryMs > 0")  # a send failed: it waits
    assert dee.page.evaluate("() => window.tinynetClass.state.queue.length") >= 1
    dee.page.context.set_offline(False)
    teacher.until("() => document.getElementById('summary').textContent.includes('1 of 1 passed')")
    dee.errors.clear()  # the browser logged the requests that failed while offline


def test_pacing_holds_the_lesson_and_pausing_covers_every_page(teacher, students):
    _, code = teacher.new_class()
    eve, fay = students(code, "Eve"), students(code, "Fay")
    teacher.page.select_option("#pace", "2")
    eve.page.click("#lesson-next")
    step(eve, 2)
    eve.until("() => document.getElementById('lesson-next').disabled")
    assert "up to step 2" in eve.page.get_attribute("#lesson-next", "title")
    teacher.page.select_option("#pace", "")  # any step again
    eve.until("() => !document.getElementById('lesson-next').disabled")
    teacher.page.click("#pause")
    for page in (eve, fay):
        page.until("() => document.getElementById('class-pause') !== null")
        assert page.page.evaluate("() => document.querySelector('.page').inert")
    eve.page.screenshot(path=str(ARTIFACTS / "class-paused.png"))
    teacher.page.click("#pause")  # resume
    for page in (eve, fay):
        page.until("() => document.getElementById('class-pause') === null")
        assert not page.page.evaluate("() => document.querySelector('.page').inert")
    step(eve, 2)  # nothing was lost: the step is where it was


def test_the_board_anonymises_and_compares_pictures(teacher, students):
    _, code = teacher.new_class()
    gil, hal = students(code, "Gil"), students(code, "Hal")
    hal.set_weight("w11", -1)
    teacher.until("() => document.querySelectorAll('.tile').length === 2")
    teacher.until(
        """() => { const s = [...window.tinynetBoard.students.values()];
             return s.length === 2 && s.every(x => x.picture) &&
                    s.some(x => x.picture.includes('w11=-1.0')); }"""
    )
    teacher.page.check("#anonymise")
    teacher.until(
        "() => [...document.querySelectorAll('.tile .name')].map(n => n.textContent).join()"
        " === 'Student 1,Student 2'"
    )
    assert "Gil" not in teacher.page.inner_text("#tiles")
    teacher.page.click("#compare")
    for box in teacher.page.locator(".tile .pick input").all():
        box.check()
    teacher.page.click("#compare-show")
    teacher.until("() => !document.getElementById('detail').hidden")
    assert teacher.page.locator("#detail canvas").count() == 2
    assert teacher.page.locator("#detail table").count() == 2  # both students' weights
    assert teacher.page.inner_text("#detail-title") == "Side by side"
    teacher.page.screenshot(path=str(ARTIFACTS / "class-compare.png"))
    teacher.page.keyboard.press("Escape")
    teacher.until("() => document.getElementById('detail').hidden")
    assert gil.errors == [] and hal.errors == []


def test_the_board_draws_a_student_on_another_network(teacher, students):
    _, code = teacher.new_class()
    ida = students(code, "Ida")
    ida.choose("hidden", "2-3-1")
    ida.until("() => document.body.getAttribute('data-arch') === '3'")
    teacher.until(
        """() => { const s = [...window.tinynetBoard.students.values()];
             return s.length === 1 && s[0].picture && s[0].picture.includes('hidden=3'); }"""
    )
    teacher.page.click(".tile")
    teacher.until("() => !document.getElementById('detail').hidden")
    caption = teacher.page.inner_text("#detail figcaption")
    assert "2-3-1" in caption
    cells = teacher.page.locator("#detail table tr").count()
    assert cells == 5  # the heading, three hidden units and the output
    assert "h1_3" in teacher.page.inner_text("#detail table")  # the network's own units


def test_the_board_and_a_students_page_pass_axe(teacher, students):
    _, code = teacher.new_class()
    ivy = students(code, "Ivy")
    teacher.until("() => document.querySelectorAll('.tile').length === 1")
    assert violations(teacher.page) == []
    assert violations(ivy.page) == []  # the student's whole page, joined
    ivy.page.click("#class-leave")
    ivy.until("() => document.getElementById('class-join-open').hidden === false")
    ivy.page.click("#class-join-open")
    assert violations(ivy.page) == []
