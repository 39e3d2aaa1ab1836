#!/usr/bin/python3
"""Independent reference for instyle's segmentation metrics (test code only).

Usage: segmetrics_reference.py INPUT.pt
INPUT.pt (written by tst_segmetrics with writeCheckpoint) holds `truth0`, `pred0`, `truth1`, ...
integer label maps and `classes` (0-d). Computes the FCN reference metrics with numpy (one
confusion matrix over all maps, 255 and other out-of-range truth ignored) and prints one JSON
object: hist (row-major list), pixel_acc, mean_class_acc, mean_iou, fw_iou, per_class_iou
(null where undefined).
"""
import json
import sys

import numpy as np
import torch


def main():
    data = torch.load(sys.argv[1])
    n = int(data["classes"])
    hist = np.zeros((n, n), dtype=np.int64)
    i = 0
    while f"truth{i}" in data:
        t = data[f"truth{i}"].numpy().astype(np.int64).ravel()
        p = data[f"pred{i}"].numpy().astype(np.int64).ravel()
        keep = (t >= 0) & (t < n)
        hist += np.bincount(n * t[keep] + p[keep], minlength=n * n).reshape(n, n)
        i += 1
    h = hist.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        acc = np.diag(h).sum() / h.sum()
        acc_cls = np.nanmean(np.diag(h) / h.sum(axis=1))
        iu = np.diag(h) / (h.sum(axis=1) + h.sum(axis=0) - np.diag(h))
        mean_iu = np.nanmean(iu)
        freq = h.sum(axis=1) / h.sum()
        fwavacc = (freq[freq > 0] * iu[freq > 0]).sum()
    print(json.dumps({
        "images": i,
        "hist": hist.ravel().tolist(),
        "pixel_acc": float(acc),
        "mean_class_acc": float(acc_cls),
        "mean_iou": float(mean_iu),
        "fw_iou": float(fwavacc),
        "per_class_iou": [None if np.isnan(v) else float(v) for v in iu],
    }))


if __name__ == "__main__":
    main()
