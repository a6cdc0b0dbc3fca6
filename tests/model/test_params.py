import dataclasses

import numpy as np
import pytest

from tinynet.model import NAMES, Params


def test_default_is_the_widgets_start():
    p = Params.default()
    np.testing.assert_array_equal(p.W, np.eye(2))
    np.testing.assert_array_equal(p.b, [0, 0])
    assert (p.w13, p.w23, p.b13) == (0.0, 1.0, 0.0)


def test_views_follow_the_widgets_names():
    p = Params(1, 2, 3, 4, 5, 6, 7, 8, 9)
    np.testing.assert_array_equal(p.W, [[1, 2], [3, 4]])  # one row per hidden unit
    np.testing.assert_array_equal(p.b, [5, 6])
    np.testing.assert_array_equal(p.v, [7, 8])
    assert p.c == 9


def test_dict_and_array_round_trip():
    p = Params(*np.linspace(-2, 2, 9))
    assert Params.from_dict(p.to_dict()) == p
    assert Params.from_array(p.to_array()) == p
    assert list(p.to_dict()) == list(NAMES)


def test_params_are_immutable():
    p = Params.default()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.w11 = 2.0
    assert p.replace(w11=2.0).w11 == 2.0 and p.w11 == 1.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1", None, True])
def test_non_numbers_are_refused(bad):
    with pytest.raises((ValueError, TypeError)):
        Params.default().replace(w12=bad)


def test_from_dict_names_missing_and_unknown_keys():
    d = Params.default().to_dict()
    del d["b13"]
    d["b23"] = 0.0  # the widget's mislabelled slider
    with pytest.raises(ValueError, match="missing b13.*unknown b23"):
        Params.from_dict(d)
