"""Survey test data: a complete questionnaire as the services take it."""

from __future__ import annotations

from typing import Any

from modules.survei import services
from modules.survei.elements import ELEMENT_KEYS


def response_data(score: int = 4, **overrides: Any) -> services.NewResponse:
    fields: dict[str, Any] = {
        "scores": dict.fromkeys(ELEMENT_KEYS, score),
        "sex": "P",
        "age_group": "30-39",
        "education": "sma",
        "occupation": "wirausaha",
        "suggestion": "",
        **overrides,
    }
    return services.NewResponse(**fields)
