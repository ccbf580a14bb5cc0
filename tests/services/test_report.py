"""services.report: the PDF has the expected pages and text (read back with pypdf)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from backtrainer.paths import DataPaths
from backtrainer.services.report import write_report
from backtrainer.store.db import Database
from tests.services.history_fixture import END, make_history


def test_report_pages_and_text(tmp_path: Path) -> None:
    root = tmp_path / "data"
    pid = make_history(root, 91)
    db = Database(DataPaths(root).db)
    out = tmp_path / "report.pdf"
    info = write_report(db, pid, out, today=END, now=datetime(2026, 11, 24, 9, 0))
    db.dispose()
    reader = PdfReader(out)
    assert info.pages == len(reader.pages) == 6
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of 6" in page
        assert "BackTrainer clinician report" in page and "Demo" in page
        assert "Keele University" in page  # the STarT Back copyright line on every page
    for expected in ("Summary", "Outcomes: baseline and latest", "ODI_2.1a", "MCID reached", "Safety and scope",
                     "It does not diagnose", "Red-flag screening", "CAUTION", "RF13", "Pain trend", "Flare-ups",
                     "Adherence", "Questionnaires over time", "Plan and current levels", "Decision log",
                     "good sessions in a row", "Body maps", "Region codes", "CALF_R", "REVIEW-FREQUENT-FLARES"):
        assert expected in text, expected
    assert reader.metadata is not None and reader.metadata.title == "BackTrainer clinician report: Demo"


def test_report_for_a_profile_without_data(store_db: Database, tmp_path: Path) -> None:
    from backtrainer.store.repos import ProfileRepo

    prof = ProfileRepo(store_db).create("Sam", now="2026-03-09T08:00:00", notice_accepted=True)
    out = tmp_path / "empty.pdf"
    info = write_report(store_db, prof.id, out, today=date(2026, 3, 9), now=datetime(2026, 3, 9, 8, 0))
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert info.pages >= 4 and "No screening recorded." in text and "No plan changes yet." in text
