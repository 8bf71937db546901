from __future__ import annotations

import pytest

from lsp_session import PROFILES


@pytest.fixture(params=PROFILES)
def profile(request: pytest.FixtureRequest) -> str:
    return request.param
