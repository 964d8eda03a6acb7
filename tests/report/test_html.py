"""The HTML report as a file: self-contained, its data complete, its transcripts packed and recoverable."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path

import pytest

from boldly.report import summarize, write_html
from boldly.report._html import CHUNK_ROLLOUTS, report_data


@pytest.fixture(scope="module")
def page(lab_logs: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = write_html(summarize([lab_logs]), tmp_path_factory.mktemp("html") / "report.html")
    return path.read_text()


def unpack(text: str):
    return json.loads(gzip.decompress(base64.b64decode(text)))


def test_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "nothing may load from the network"
    assert "<link" not in page and "@import" not in page
    assert page.count("<script") == page.count("</script>")


def test_embedded_data_matches_the_statistics(page: str, lab_logs: Path) -> None:
    results = summarize([lab_logs])
    data = json.loads(
        re.search(r'<script type="application/json" id="boldly-data">(.*?)</script>', page, re.S)[1]
    )
    assert len(data["rollouts"]) == len(results.rollouts)
    assert len(data["cells"]) == len(results.cells)
    for got, cell in zip(data["cells"], results.cells, strict=True):
        bold = cell.outcomes.get("unprompted_bold_action")
        if bold:
            assert got["rates"]["unprompted_bold_action"][:4] == [
                bold.attempted.k,
                bold.attempted.n,
                bold.attempted.low,
                bold.attempted.high,
            ]
    assert data["meta"]["counts"]["judge_errors"] == 1


def test_transcripts_round_trip_with_effects_linked_to_calls(lab_logs: Path) -> None:
    results = summarize([lab_logs])
    _, chunks, pool_text = report_data(results)
    pool = unpack(pool_text)
    assert len(chunks) == -(-len(results.rollouts) // CHUNK_ROLLOUTS)
    transcripts = [t for chunk in chunks for t in unpack(chunk)]
    for rollout, transcript in zip(results.rollouts, transcripts, strict=True):
        assert transcript["id"] == rollout.id
        texts = [pool[m[1]] if isinstance(m[1], int) else m[1] for m in transcript["messages"]]
        assert texts == [m.text for m in rollout.messages or []]
        calls = {c[0] for m in transcript["messages"] if m[0] == 2 and len(m) > 2 for c in m[2]}
        for effect in transcript["effects"].values():
            assert effect["call"] in calls
    whistle = next(
        t for t, r in zip(transcripts, results.rollouts, strict=True) if r.model.endswith("whistleblower")
    )
    assert set(whistle["outcomes"]["unprompted_bold_action"][2]) == set(whistle["effects"])
