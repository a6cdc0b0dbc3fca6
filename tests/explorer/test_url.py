"""Links: the whole state round-trips through a query string; bad links open the defaults."""

from hypothesis import given
from hypothesis import strategies as st

from tinynet.datasets import DATASETS
from tinynet.explorer.sharing.url import MAX_QUERY, from_query, to_query
from tinynet.explorer.state import HIDEABLE, State, TrainOptions
from tinynet.model import ACTIVATIONS, INITS, LOSSES, OPTIMIZERS, Params

weights = st.floats(-8, 8, allow_subnormal=False)


@st.composite
def states(draw):
    activation = draw(st.sampled_from(list(ACTIVATIONS)))
    spec = ACTIVATIONS[activation].param
    dataset = draw(st.sampled_from(list(DATASETS)))
    return State(
        params=Params(*draw(st.lists(weights, min_size=9, max_size=9))),
        activation=activation,
        act_param=None if spec is None else draw(st.floats(spec.low, spec.high)),
        dataset=dataset,
        samples=draw(st.integers(4, 20000)),
        noise=draw(st.floats(0, 1)),
        data_seed=draw(st.integers(0, 2**32 - 1)),
        stage=draw(st.floats(0, 3)),
        grid=draw(st.booleans()),
        fit=draw(st.booleans()),
        lesson=draw(st.sampled_from(["", "xor", "my-lesson_2"])),
        step=draw(st.integers(1, 50)),
        hide=",".join(p for p in HIDEABLE if draw(st.booleans())),
    )


@st.composite
def train_options(draw):
    return TrainOptions(
        optimizer=draw(st.sampled_from(list(OPTIMIZERS))),
        lr=draw(st.floats(1e-5, 10)),
        epochs=draw(st.integers(1, 5000)),
        batch_size=draw(st.integers(1, 20000)),
        loss=draw(st.sampled_from(list(LOSSES))),
        init=draw(st.sampled_from(list(INITS))),
        seed=draw(st.integers(0, 2**32 - 1)),
        l2=draw(st.floats(0, 1)),
        test_fraction=draw(st.floats(0, 0.9)),
        start=draw(st.sampled_from(["init", "sliders"])),
        restarts=draw(st.integers(1, 200)),
    )


@given(state=states(), train=train_options())
def test_state_to_link_to_state_is_the_identity(state, train):
    query = to_query(state, train)
    assert len(query) < MAX_QUERY
    again, train_again, messages = from_query(query)
    assert messages == []
    assert again == state and train_again == train


@given(query=st.text(max_size=300))
def test_any_text_opens_some_valid_state_without_raising(query):
    state, train, messages = from_query(query)
    assert isinstance(state, State) and isinstance(train, TrainOptions)
    assert all(isinstance(m, str) for m in messages)


def test_tampered_links_keep_the_defaults_for_what_they_break():
    state, train, messages = from_query("?w11=1e999&activation=evil&train_epochs=-4&grid=maybe&x=1")
    assert state.params.w11 == 1.0 and state.activation == "tanh" and train.epochs == 1
    assert len(messages) == 5
    assert "x" in messages[-1]


def test_an_overlong_link_opens_the_defaults():
    state, train, messages = from_query("?w11=" + "9" * 5000)
    assert state == State() and train == TrainOptions()
    assert "characters long" in messages[0]


def test_the_first_of_repeated_names_counts():
    state, _, _ = from_query("?w11=2&w11=3")
    assert state.params.w11 == 2.0


def test_a_teacher_link_hides_parts_and_names_a_lesson():
    state, _, messages = from_query("?hide=training,data,bogus&lesson=xor&step=2")
    assert state.hide == "data,training" and state.lesson == "xor" and state.step == 2
    assert messages == [f"hide: bogus not among {', '.join(HIDEABLE)}; ignored"]


def test_a_lesson_name_that_is_not_a_name_is_refused():
    state, _, messages = from_query("?lesson=../../etc&step=99")
    assert state.lesson == "" and state.step == 50
    assert len(messages) == 2


def test_a_link_adding_more_points_than_the_page_holds_keeps_what_fits_and_says_so():
    import numpy as np

    from tinynet.datasets import MAX_SAMPLES
    from tinynet.explorer.sharing.links import applied, own_data_note
    from tinynet.explorer.state import State, TrainOptions

    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (10_000, 2))
    y = rng.integers(0, 2, 10_000)
    own = ("added", X, y, "10000 points added by hand")
    for samples, kept in ((MAX_SAMPLES, 0), (MAX_SAMPLES - 4_000, 4_000), (2_000, 10_000)):
        state = State(samples=samples)
        data = applied(state, TrainOptions(), own)[-1]
        assert len(data["y"]) == min(MAX_SAMPLES, samples + 10_000)
        assert data["added"] == kept
        np.testing.assert_array_equal(np.asarray(data["X"])[samples:], X[:kept])
        note = own_data_note(own, data)
        if kept < 10_000:
            assert f"Only the first {kept:,} of the 10,000 added points were kept" in note
        else:
            assert "Only the first" not in note
