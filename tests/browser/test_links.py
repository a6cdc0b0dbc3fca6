"""Copy link reopens the same picture in a fresh page; tampered links open with a notice."""


def test_a_copied_link_reopens_the_same_picture(browser, server_url, app_page):
    page = app_page.open()
    for name, value in {"w11": -3, "w12": 3, "b12": -0.75, "w13": 1.25}.items():
        page.set_weight(name, value)
    page.choose("activation", "Leaky ReLU")
    page.choose("dataset", "Two moons")
    page.page.wait_for_function("() => document.querySelector('#samples').value === '500'")
    stage = page.page.locator("#stage [role=slider]")
    stage.focus()
    stage.press("PageDown")  # t = 2.9: partway through the activation
    page.settle(800)
    page.page.click("#copy-link")
    page.page.wait_for_function(
        "() => /Link copied/.test(document.querySelector('#link-message').innerText)"
    )
    link = page.page.url
    assert "w13=1.25" in link and "activation=leaky_relu" in link and "stage=2.9" in link

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    from conftest import Page

    other = Page(context.new_page(), server_url)
    other.page.goto(link)
    other.wait_ready()
    other.page.wait_for_function(
        "() => /\\(500 points\\)/.test(document.querySelector('#accuracy').innerText)"
    )
    other.settle(1200)
    try:
        for graph in ("hidden-graph", "input-graph", "activation-graph", "diagram-graph"):
            mine, theirs = page.figure(graph), other.figure(graph)
            assert mine["data"] == theirs["data"], graph
            assert mine["layout"].get("shapes") == theirs["layout"].get("shapes"), graph
        for readout in ("accuracy", "equations", "det", "saturation"):
            assert page.text(readout) == other.text(readout)
        assert other.text("link-message") == ""
        assert other.errors == []
    finally:
        context.close()


def test_a_tampered_link_opens_with_a_notice_not_an_error(app_page):
    page = app_page.open("?w11=banana&activation=%3Cscript%3Ealert(1)%3C/script%3E&samples=-3")
    page.page.wait_for_function(
        "() => /This link had problems/.test(document.querySelector('#link-message').innerText)"
    )
    text = page.text("link-message")
    assert "w11" in text and "activation" in text and "samples" in text
    page.settle(800)
    assert "tanh(1.00·x1" in page.text("equations")  # the defaults stand
    assert page.errors == []


def test_a_callback_request_broken_on_the_way_is_sent_again(app_page):
    """A worker behind a balancer may die mid-answer: the page sends the (pure) request again."""
    page = app_page.open()
    broken = []

    def break_first(route):
        if not broken:
            broken.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.page.route("**/_dash-update-component*", break_first)
    page.choose("dataset", "Two moons")
    page.page.wait_for_function(
        "() => /\\(500 points\\)/.test(document.querySelector('#accuracy').innerText)"
    )
    assert len(broken) == 1
    assert [e for e in page.errors if "ERR_CONNECTION_RESET" not in e] == []
