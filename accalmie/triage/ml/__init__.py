"""Accalmie offline triage models (pure Python, no Django).

Stable API::

    detect_language(text) -> 'fr' | 'en' | 'other'
    load_model(path=None) -> TriageModel        (cached; default: the committed artifact)
    TriageModel.predict(texts, langs=None) -> list[Prediction]
    train(data_dir, out_dir, feedback=None) -> dict
    evaluate(csv_path, model=None) -> str
    classify_csv(in_path, out_path_or_file) -> int
    bench(n=20000) -> dict
"""

from .evaluate import bench, classify_csv, evaluate
from .langid import detect_language
from .model import CATEGORIES, DEFAULT_PATH, Prediction, TriageModel, load_model
from .train import train

__all__ = [
    "CATEGORIES",
    "DEFAULT_PATH",
    "Prediction",
    "TriageModel",
    "bench",
    "classify_csv",
    "detect_language",
    "evaluate",
    "load_model",
    "train",
]
