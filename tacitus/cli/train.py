"""`tacitus train`: retrain the event classifier from scratch (a shell over tacitus.learning.train)."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "train", help="retrain the learned event classifier from scratch, with its model card",
        description="Train the event classifier on the labelled corpus (tacitus/learning/labels), "
                    "PLV and the NGEC synthetic stories read from ../shared/training, choose its "
                    "thresholds and calibrate event confidence on the calibration split, and write "
                    "the model and MODEL_CARD.md. Deterministic: the same data give the same model. "
                    "Needs the 'train' extra (scikit-learn).")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="where to write the model (default: the package's own model folder, "
                             "replacing the shipped one); use it with TACITUS_MODEL_DIR=DIR")
    parser.add_argument("--sources", default="own,plv,synthetic",
                        help="training data, comma-separated: own, plv, synthetic (default: all three)")
    parser.set_defaults(func=_train)


def _train(args: argparse.Namespace) -> int:
    try:
        from ..learning.train import train
    except ImportError as error:
        from ..errors import TacitusError
        raise TacitusError(f"training needs scikit-learn ({error}); pip install 'tacitus[train]'") from error
    from ..learning.model import MODEL_DIR
    sources = tuple(s.strip() for s in args.sources.split(",") if s.strip())
    train(out=args.output or MODEL_DIR, sources=sources)
    return 0
