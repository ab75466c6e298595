"""The one-pass clusterings of tools/dedup_ceiling.py, on similarity matrices small enough to follow
by hand."""

import numpy as np

from tools import dedup_ceiling as ceiling

# Document 2 reads like both 0 and 1, which read little like each other.
BRIDGE = np.array([[1.0, 0.3, 0.9], [0.3, 1.0, 0.9], [0.9, 0.9, 1.0]])


def test_one_pass_joins_the_best_story_at_the_threshold_and_never_revisits():
    assert ceiling.online(BRIDGE, 0.5, "average") == [0, 1, 0]
    assert ceiling.online(BRIDGE, 0.95, "average") == [0, 1, 2]


def test_centroid_link_is_the_cosine_to_the_sum_of_the_story_vectors():
    # 0 and 1 form a story (0.6); 2 reads 0.55 like each. Average link: 0.55. The sum of the
    # unit vectors 0 and 1 has norm sqrt(2 + 2 * 0.6), so the centroid cosine is 1.1 / 1.789 = 0.615.
    sim = np.array([[1.0, 0.6, 0.55], [0.6, 1.0, 0.55], [0.55, 0.55, 1.0]])
    assert np.all(np.linalg.eigvalsh(sim) > 0)  # a real Gram matrix
    assert ceiling.online(sim, 0.6, "average") == [0, 0, 1]
    assert ceiling.online(sim, 0.6, "centroid") == [0, 0, 0]
    sim[2, :2] = sim[:2, 2] = 0.53  # centroid cosine 1.06 / 1.789 = 0.593
    assert ceiling.online(sim, 0.6, "centroid") == [0, 0, 1]


def test_merging_pass_merges_stories_once_a_later_document_bridges_them():
    assert ceiling.online_merging(BRIDGE, 0.5) == [0, 0, 0]  # {0, 2} and {1}: mean of 0.3 and 0.9
    assert ceiling.online_merging(BRIDGE, 0.7) == [0, 1, 0]  # 0.6 is below 0.7: no merge


def test_names_are_capitalised_words_that_do_not_open_a_sentence():
    assert ceiling.names("Police said Tara Reid entered Promises. Reid was calm") == [
        "tara",
        "reid",
        "promises",
    ]
