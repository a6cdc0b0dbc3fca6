import pytest
from hypothesis import settings

import datasets

settings.register_profile("default", deadline=None, max_examples=60)
settings.load_profile("default")


@pytest.fixture(scope="session")
def parabola():
    return datasets.load("parabola")
