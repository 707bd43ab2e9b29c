"""Shared parts of the pseudo-word probes: merging word pairs into one token, spherical k-means, purity."""
import numpy as np


def merge_pairs(tokens, pairs):
    """Every word of a pair 'a b' becomes the token a|b. Returns the new tokens and, per position, 0 (it was a), 1 (b)
    or -1 (not a pair word)."""
    merged = {}
    for a, b in pairs:
        merged[a] = (a + "|" + b, 0); merged[b] = (a + "|" + b, 1)
    labels = np.array([merged[t][1] if t in merged else -1 for t in tokens], np.int8)
    return [merged[t][0] if t in merged else t for t in tokens], labels


def spherical_kmeans(X, rng, k=2, weights=None, starts=10, iterations=100):
    """Clusters the unit rows of X by cosine (centroids are the normalized, optionally weighted, sums of their rows),
    from `starts` random choices of k rows; keeps the assignment with the largest (weighted) sum of cosines."""
    w = np.ones(len(X)) if weights is None else np.asarray(weights, float)
    best = None
    for _ in range(starts):
        C = X[rng.choice(len(X), k, replace=False)].copy()
        for _ in range(iterations):
            assign = np.argmax(X @ C.T, axis=1)
            C2 = np.array([(w[assign == j, None] * X[assign == j]).sum(0) if (assign == j).any() else C[j] for j in range(k)])
            C2 /= np.maximum(1e-12, np.linalg.norm(C2, axis=1, keepdims=True))
            if np.allclose(C2, C):
                break
            C = C2
        score = (w * (X * C[assign]).sum(1)).sum()
        if best is None or score > best[0]:
            best = (score, assign)
    return best[1]


def purity(truth, assign):
    """Share of items in the majority true class of their cluster."""
    truth, assign = np.asarray(truth), np.asarray(assign)
    return sum(np.bincount(truth[assign == j]).max() for j in np.unique(assign)) / len(truth)
