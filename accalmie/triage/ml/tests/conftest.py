import pytest


@pytest.fixture(scope="session")
def model():
    from accalmie.triage.ml import load_model

    # the accurate tier is exercised in its own test; most tests use the committed model as shipped
    return load_model()


@pytest.fixture(scope="session")
def fast_model():
    from accalmie.triage.ml import load_model

    return load_model(use_accurate=False)
