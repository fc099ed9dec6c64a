"""The window's log holds where an error happened, never the customer data in its message."""

from __future__ import annotations

import logging

import pytest

PERSON = "欧阳娜娜"
PHONE = "13912345678"


def _fail(name: str) -> None:
    try:
        raise KeyError(name)
    except KeyError:
        raise ValueError(f"cannot save the card of {name}, phone {PHONE}") from None


def test_the_logged_traceback_names_the_place_but_not_the_person() -> None:
    from salesdesk.ui.logsafe import loggable

    with pytest.raises(ValueError, match="cannot save") as caught:
        _fail(PERSON)
    text = loggable(caught.type, caught.value, caught.tb)
    assert "_fail" in text
    assert "ValueError" in text
    assert PERSON not in text
    assert PHONE not in text


@pytest.mark.usefixtures("session")  # the job releases its thread's database connection
def test_a_failed_background_job_logs_no_customer_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from salesdesk.services.operations import Task
    from salesdesk.ui.background import Job, JobSignals

    def work(_task: Task) -> None:
        _fail(PERSON)

    job = Job(work, Task(), JobSignals())
    with caplog.at_level(logging.ERROR, logger="salesdesk.ui"):
        job.run()
    assert "Background work failed" in caplog.text
    assert "_fail" in caplog.text
    assert PERSON not in caplog.text
    assert PHONE not in caplog.text
