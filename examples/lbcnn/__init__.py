"""LBCNN (local binary convolutional networks) trained with NumPy and transpyle.

``python -m examples.lbcnn`` trains a regular CNN, a full LBCNN and a half-LBC network of the
same shape on scikit-learn's digits and prints a comparison table; see ``__main__.py``.
"""
