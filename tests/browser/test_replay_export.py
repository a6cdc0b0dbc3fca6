"""Export replay: a standalone HTML file of the current run that opens and plays offline."""

from conftest import ARTIFACTS


def test_export_needs_a_run_first(app_page):
    page = app_page.open()
    page.tab("training")
    page.page.click("#export-replay")
    page.until_text("export-message", "Train first")


def test_exported_replay_opens_offline_and_plays(app_page, browser, tmp_path):
    page = app_page.open()
    page.train()
    page.tab("training")
    with page.page.expect_download(timeout=60_000) as info:
        page.page.click("#export-replay")
    assert info.value.suggested_filename == "tinynet-replay.html"
    path = tmp_path / "replay.html"
    info.value.save_as(path)
    assert "Exported the replay of 150 steps" in page.text("export-message")

    offline = browser.new_context(offline=True)
    viewer = offline.new_page()
    asked = []
    viewer.on("request", lambda r: asked.append(r.url))
    errors = []
    viewer.on("pageerror", lambda e: errors.append(str(e)))
    viewer.goto(path.as_uri())
    viewer.wait_for_function("() => document.querySelector('#replay')?._fullLayout")
    title = "() => document.querySelector('#replay')._fullLayout.title.text"
    assert viewer.evaluate(title).startswith("Epoch 0 of 150")
    first = viewer.evaluate("() => document.querySelector('#replay').data[5].x.slice(0, 5)")
    viewer.get_by_text("Play", exact=True).click()
    viewer.wait_for_function(f"() => ({title})().startsWith('Epoch 150 of 150')", timeout=30_000)
    assert "accuracy 100.0%" in viewer.evaluate(title)
    last = viewer.evaluate("() => document.querySelector('#replay').data[5].x.slice(0, 5)")
    assert last != first  # the hidden points moved as the run trained
    viewer.screenshot(path=str(ARTIFACTS / "exported-replay.png"))
    assert [u for u in asked if not u.startswith("file:")] == []
    assert errors == []
    offline.close()
