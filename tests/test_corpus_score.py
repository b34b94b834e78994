"""The corpus score never goes down: precision and recall per category, errors and warnings counted.

Floors are what the rules alone reach (the model's second opinion is scored in test_classifier.py) on fixtures/corpus (dev.jsonl + the three labelled chat exports);
raise them when the rules improve. `python bench/eval_corpus.py --misses` lists what is missed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from influlint.evaluate import score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FLOORS = {  # category: (precision, recall)
    "disclosure": (1.0, 0.987),  # 82/83: d-0002 « achetez sur @brand » only
    "misleading-claim": (1.0, 1.0),
    "sensitive-sector": (1.0, 1.0),
    "personal-data": (1.0, 1.0),
}


@pytest.fixture(scope="module")
def scores():
    return score_corpus([CORPUS], model=False)


def test_every_chat_export_is_scored(scores):
    assert scores.notes == []
    items = {o.item.split(":")[0].split("#")[0] for o in scores.outcomes}
    assert {"dev.jsonl", "chat_whatsapp_android_fr.txt", "chat_whatsapp_ios_fr.txt",
            "chat_telegram_result.json"} <= items


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_score_floor(scores, category):
    precision, recall = scores.precision_recall(category)
    want_p, want_r = FLOORS[category]
    assert precision >= want_p and recall >= want_r, (category, round(precision, 3), round(recall, 3))


BLIND = Path(__file__).resolve().parents[1] / "fixtures" / "corpus-blind" / "blind.jsonl"
# fixtures/corpus-blind was written without seeing the rules. First measure (blind): disclosure 1.000/1.000,
# misleading-claim 0.895/0.630, sensitive-sector 0.969/0.886, personal-data 1.000/0.909. The failure classes
# it revealed were then fixed generally (without opening the file); these floors guard that work.
BLIND_FLOORS = {
    "disclosure": (1.0, 1.0),
    "misleading-claim": (1.0, 0.96),
    "sensitive-sector": (1.0, 1.0),
    "personal-data": (1.0, 1.0),
}


@pytest.fixture(scope="module")
def blind_scores():
    return score_corpus([BLIND], model=False)


@pytest.mark.parametrize("category", sorted(BLIND_FLOORS))
def test_blind_set_floor(blind_scores, category):
    precision, recall = blind_scores.precision_recall(category)
    want_p, want_r = BLIND_FLOORS[category]
    assert precision >= want_p and recall >= want_r, (category, round(precision, 3), round(recall, 3))
