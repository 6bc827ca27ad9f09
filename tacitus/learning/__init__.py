"""The learned event classifier: training data, features, the shipped model and its training.

    features.py   sentence -> word and character n-grams (the same at training and coding)
    model.py      the shipped model (weights in model/), scores sentences with numpy only
    corpora.py    training data: the project's labelled sentences, PLV, NGEC synthetic stories
    train.py      `tacitus train`: trains from scratch, deterministically, writes model + card

The pipeline uses it in two stages: `tacitus/classify.py` scores every sentence,
`tacitus/proposals.py` turns the scores into events the lexicon missed and confirms or vetoes
the lexicon's own. Training needs scikit-learn (the `train` extra); coding does not.
"""
