"""The run log (Training tab): every run that ends is listed with what it was trained with
and how it ended, and Show makes it the page's run again, when the page has its activation
and data."""

from axe_check import violations


def last_record(page):
    return page.page.evaluate(
        """() => { const r = window.tinynetLive.run.records;
             const last = r[r.length - 1];
             return {params: last.params, accuracy: last.accuracy, loss: last.loss}; }"""
    )


def rows(page):
    return page.page.evaluate(
        """() => Array.from(document.querySelectorAll('#run-log tbody tr'))
             .map(tr => Array.from(tr.cells).map(td => td.innerText))"""
    )


def set_option(page, field, value):
    page.page.fill(f"#train-{field}", str(value))
    page.page.press(f"#train-{field}", "Enter")


def test_runs_are_logged_and_shown_again(app_page):
    page = app_page.open()
    page.tab("training")
    assert "No run has ended" in page.text("run-log")
    set_option(page, "epochs", 12)
    page.train()
    first = last_record(page)
    set_option(page, "lr", 0.5)
    page.train()
    second = last_record(page)
    logged = rows(page)
    assert [row[0] for row in logged] == ["1", "2"]
    for row, record, lr in ((logged[0], first, "0.05"), (logged[1], second, "0.5")):
        assert "2-2-1 · tanh · Two parabolas (2000)" in row[1]
        assert f"sgd {lr} · batch 16" in row[1] and "seed 42 · 12 epochs" in row[1]
        accuracy, loss = row[2].split("\n")
        assert accuracy == f"{100 * record['accuracy']:.1f}%"
        assert loss == f"{record['loss']:.4f}"
    # What changed from run 1 to run 2 stands out.
    changed = page.page.inner_text("#run-log tbody tr:nth-child(2) .run-settings strong")
    assert changed == "sgd 0.5"
    # Show run 1: its last epoch is on the page again, with its weights and its epoch slider.
    page.page.click("#run-log button[data-run-no='1']")
    page.until_text("train-message", "Showing run 1 again")
    page.until(
        "w => JSON.stringify(window.tinynetApp.shown) === JSON.stringify(w)", first["params"]
    )
    assert page.text("epoch-label").startswith("epoch 12 of 12")
    assert page.page.inner_text("#pause") == "Replay"
    assert violations(page.page) == []
    # Another activation: run 1 cannot be shown with it, and nothing changes.
    page.tab("activation")
    page.choose("activation", "ReLU")
    page.tab("training")
    shown = page.shown_weights()
    page.page.click("#run-log button[data-run-no='1']")
    page.until_text("train-message", "Run 1 was trained with tanh: choose it again to show it.")
    assert page.shown_weights() == shown


def test_a_run_is_logged_once_however_often_it_is_replayed(app_page):
    page = app_page.open()
    page.tab("training")
    set_option(page, "epochs", 5)
    page.train()
    # The button reads Replay before and after the replay: wait for the replay itself to
    # have begun and ended (the click's callback runs after the click returns).
    page.page.evaluate(
        """() => { const m = document.getElementById('train-message');
             window.seenMessages = [];
             new MutationObserver(() => window.seenMessages.push(m.textContent))
               .observe(m, {childList: true, subtree: true, characterData: true}); }"""
    )
    page.page.click("#pause")  # Replay
    page.until(
        """() => window.seenMessages.some(t => t.includes('Replaying the run.'))
             && !window.tinynetLive.moving()
             && document.getElementById('pause').textContent === 'Replay'"""
    )
    page.quiet()
    assert len(rows(page)) == 1
    # The keyboard alone reaches Show.
    page.page.focus("#run-log button[data-run-no='1']")
    page.page.keyboard.press("Enter")
    page.until_text("train-message", "Run 1 is the run on the page.")
