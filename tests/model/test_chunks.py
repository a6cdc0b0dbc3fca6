"""Training in chunks: a run stopped anywhere (between mini-batches, by a budget of updates or
of time) and continued from the state it returned follows exactly the trajectory of one call,
whatever the chunk sizes, optimizer, loss or batch size; and a blow-up is named.

The one quantity that is not bit for bit is an epoch's gradient norm under plain SGD: one run
finds the gradients' sum from where theta went (onerun.OneRun.sgd), so a chunk ending inside
an epoch adds two differences where one call takes one: equal to rounding."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinynet import datasets
from tinynet.model import OPTIMIZERS, RunState, train, train_chunk, train_many
from tinynet.model.runs import BLOWUP_FACTOR, epoch_order

X_ALL, Y_ALL = datasets.load("moons", 120, 0.2, 3)


def chunked(options: dict, sizes: list[int], epochs: int):
    """One run trained chunk by chunk, each chunk `sizes[k]` updates (the last size repeats)."""
    states, records, k = None, [], 0
    while True:
        chunk = train_chunk(
            X_ALL,
            Y_ALL,
            states,
            epochs=epochs,
            max_updates=sizes[min(k, len(sizes) - 1)],
            **options,
        )
        states, k = chunk.states, k + 1
        records += chunk.records[0]
        if states[0].epoch >= epochs or states[0].stopped:
            return states[0], records


@given(
    sizes=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    optimizer=st.sampled_from(list(OPTIMIZERS)),
    loss=st.sampled_from(["bce", "mse"]),
    batch_size=st.sampled_from([1, 7, 16, 120, 500]),
    l2=st.sampled_from([0.0, 0.01]),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_run_cut_into_chunks_of_any_sizes_is_one_run_bit_for_bit(
    sizes, optimizer, loss, batch_size, l2, seed
):
    options = dict(
        seeds=[seed], optimizer=optimizer, loss=loss, batch_size=batch_size, l2=l2, lr=0.1
    )
    state, records = chunked(options, sizes, epochs=4)
    whole = train(
        X_ALL, Y_ALL, epochs=4, seed=seed, **{k: v for k, v in options.items() if k != "seeds"}
    )
    np.testing.assert_array_equal(np.stack([r.params for r in records]), whole.trajectory)
    np.testing.assert_array_equal([r.loss for r in records], whole.history.loss)
    norms = [r.grad_norm for r in records][1:]
    if optimizer == "sgd":
        np.testing.assert_allclose(norms, whole.history.grad_norm[1:], rtol=1e-9, atol=1e-12)
    else:
        np.testing.assert_array_equal(norms, whole.history.grad_norm[1:])
    np.testing.assert_array_equal(state.params, whole.state.params)
    for name, arr in state.optimizer.items():
        np.testing.assert_array_equal(arr, whole.state.optimizer[name])


def test_a_chunk_stops_inside_an_epoch_and_says_where():
    chunk = train_chunk(X_ALL, Y_ALL, seeds=[1], batch_size=10, max_updates=15, record_partial=True)
    (state,), (records,) = chunk.states, chunk.records
    assert (state.epoch, state.batch, state.step) == (1, 3, 15)  # 12 batches an epoch
    assert [r.at for r in records] == [0.0, 1.0, 1.25]
    np.testing.assert_array_equal(records[-1].params, state.params)


def test_each_epochs_shuffle_comes_from_seed_and_epoch_alone():
    a = epoch_order(7, 3, 50)
    np.testing.assert_array_equal(a, epoch_order(7, 3, 50))
    assert sorted(a) == list(range(50))
    assert not np.array_equal(a, epoch_order(7, 4, 50))
    assert not np.array_equal(a, epoch_order(8, 3, 50))


def test_a_time_budget_ends_a_chunk_early_and_the_run_goes_on():
    chunk = train_chunk(X_ALL, Y_ALL, seeds=[2], epochs=500, seconds=0.0)
    assert chunk.states[0].step == 1  # at least one update, then the budget is spent
    more = train_chunk(X_ALL, Y_ALL, chunk.states, epochs=3)
    whole = train(X_ALL, Y_ALL, epochs=3, seed=2)
    np.testing.assert_array_equal(more.states[0].params, whole.params.to_array())


def test_resume_goes_on_from_a_results_state(parabola):
    X, y = parabola
    first = train(X, y, epochs=20)
    rest = train(X, y, epochs=60, resume=first.state)
    whole = train(X, y, epochs=60)
    np.testing.assert_array_equal(rest.trajectory, whole.trajectory[21:])
    assert rest.epochs_run == 60 and rest.params == whole.params
    with pytest.raises(ValueError, match="already stands at epoch 60"):
        train(X, y, epochs=60, resume=rest.state)


def test_a_state_round_trips_through_json():
    (state,) = train_chunk(X_ALL, Y_ALL, seeds=[4], optimizer="adam", max_updates=30).states
    raw = state.to_dict()
    assert raw["optimizer"].keys() == {"m", "v"} and raw["step"] == 30
    again = RunState(
        params=np.array(raw["params"]),
        optimizer={k: np.array(v) for k, v in raw["optimizer"].items()},
        seed=raw["seed"],
        epoch=raw["epoch"],
        batch=raw["batch"],
        step=raw["step"],
        grad_sum=np.array(raw["grad_sum"]),
        start_loss=raw["start_loss"],
    )
    a = train_chunk(X_ALL, Y_ALL, [state], optimizer="adam", epochs=5)
    b = train_chunk(X_ALL, Y_ALL, [again], optimizer="adam", epochs=5)
    np.testing.assert_array_equal(a.states[0].params, b.states[0].params)


def test_a_blow_up_is_named_and_stops_the_run(parabola):
    X, y = parabola
    result = train(X, y, lr=100)  # tanh, sgd
    assert result.diverged and "blew up" in result.message
    assert "learning rate" in result.message and "100" in result.message
    assert result.history.loss[-1] <= BLOWUP_FACTOR * result.history.loss[0]
    assert np.isfinite(result.trajectory).all()


def test_the_notebooks_run_does_not_blow_up(parabola):
    X, y = parabola
    result = train(X, y)
    assert not result.diverged and result.message == ""


def test_restarts_and_single_runs_agree_on_blow_ups(parabola):
    X, y = parabola
    runs = train_many(X[:300], y[:300], [0, 1, 2], lr=30.0, epochs=20, dtype=np.float64)
    for run in runs:
        alone = train(X[:300], y[:300], lr=30.0, epochs=20, seed=run.seed)
        assert (run.diverged, run.message, run.epochs_run) == (
            alone.diverged,
            alone.message,
            alone.epochs_run,
        )
