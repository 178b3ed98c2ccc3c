# The compiled core's signature (cleaner/_core.pyx), for type checkers.
from collections.abc import Callable
from re import Pattern

import numpy as np

def line_features(
    texts: list[str], classes: np.ndarray, fold: np.ndarray, table: np.ndarray, shift: int,
    longest: int, base: int, length_weight: int, spread: int,
    astral_classes: Callable[[int], int], list_item: Pattern[str], cells: Pattern[str],
) -> tuple[np.ndarray, ...]: ...
def walk_trees(
    rows: np.ndarray, roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray,
    left: np.ndarray, right: np.ndarray,
) -> np.ndarray: ...
def long_words(
    text: str, classes: np.ndarray, shortest: int, astral_classes: Callable[[int], int],
) -> set[str]: ...
def line_marks(
    texts: list[str], classes: np.ndarray, astral_classes: Callable[[int], int],
    clause_end: tuple[str, ...], max_chars: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]: ...
