#!/usr/bin/python3
"""Checks sam_reference.py against the official MobileSAM code (test code only, run by hand).

sam_reference.py re-states MobileSAM (ChaoningZhang/MobileSAM `build_sam_vit_t`, TinyViT-5M) and
segment-anything's SamPredictor; instyle's parity tests trust it. This script runs its `make` for
each photo size, loads the random weights it wrote into the OFFICIAL model (strict=True) and runs
the official SamPredictor on the same photo and prompts, then compares: the input size, the
resized image (ResizeLongestSide.apply_image), the image embedding and, per case, the low-res
logits, the iou predictions and the masks at photo size. The official code is never copied into
instyle: give the path of a checkout (e.g. `git --git-dir=MIRROR archive HEAD mobile_sam | tar -x
-C DIR`). timm, which tiny_vit_sam.py imports, is replaced by a stub written to a temp dir.

Usage:
  sam_official_check.py --official DIR [--work DIR] [--seed N] [--sizes 300x400,1200x1600]
                        [--threads 1]
      DIR holds the official `mobile_sam/` package. Prints one line per comparison and a last line
      `OK` if every embedding, logits and iou relative L2 (||a-b||/||b||) is <= 1e-5, input sizes
      and resized images are equal and masks differ in <= 0.1 % of pixels; else `MISMATCH` (exit 1).
      Also prints, for information only, the embedding the official model gives when it is put in
      eval mode BEFORE loading the weights (as build_sam_vit_t(checkpoint) does): TinyViT's
      Attention caches its bias table `ab` in train(False), so that cache keeps the old biases.
"""
import argparse
import contextlib
import os
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))

# What tiny_vit_sam.py imports from timm; DropPath is only built for drop_path > 0 (never here).
TIMM_STUB = {
    "timm/__init__.py": "",
    "timm/models/__init__.py": "",
    "timm/models/layers.py": (
        "import collections.abc, torch\n"
        "class DropPath(torch.nn.Module):\n"
        "    def __init__(self, drop_prob=None):\n"
        "        super().__init__()\n"
        "        self.drop_prob = drop_prob\n"
        "    def forward(self, x):\n"
        "        assert not self.training or not self.drop_prob, 'stub: no stochastic depth'\n"
        "        return x\n"
        "def to_2tuple(x):\n"
        "    return tuple(x) if isinstance(x, collections.abc.Iterable) else (x, x)\n"
        "def trunc_normal_(t, mean=0., std=1., a=-2., b=2.):\n"
        "    return torch.nn.init.trunc_normal_(t, mean, std, a, b)\n"),
    "timm/models/registry.py": "def register_model(fn):\n    return fn\n",
}

TOL_REL, TOL_MASK = 1e-5, 1e-3
failures = []


def write_stubs(root):
    for rel, text in TIMM_STUB.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def rel_l2(a, b):
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    return ((a - b).norm() / b.norm().clamp_min(1e-30)).item()


def report(tag, name, ok, text):
    print("%-12s %-22s %s  %s" % (tag, name, "ok " if ok else "BAD", text))
    if not ok:
        failures.append("%s %s" % (tag, name))


def check_rel(tag, name, a, b):
    r = rel_l2(a, b)
    diff = (torch.as_tensor(a, dtype=torch.float64) - torch.as_tensor(b, dtype=torch.float64)).abs()
    report(tag, name, r <= TOL_REL, "rel L2 %.3e  max abs %.3e" % (r, diff.max().item() if diff.numel() else 0.0))


@contextlib.contextmanager
def clamp_threads(n):
    """sam_reference.make sets 2 threads; keep it at n so as not to disturb the lead's benchmarks."""
    original = torch.set_num_threads
    torch.set_num_threads = lambda _: original(n)
    try:
        yield
    finally:
        torch.set_num_threads = original
        original(n)


def run_reference(work, seed, h, w, threads):
    sys.path.insert(0, HERE)
    import sam_reference
    args = argparse.Namespace(out=work, seed=seed, height=h, width=w)
    with clamp_threads(threads):
        sam_reference.make(args)
    return torch.load(os.path.join(work, "ref.pt"))


def check_size(args, h, w):
    from mobile_sam import SamPredictor, sam_model_registry
    from PIL import Image
    tag = "%dx%d" % (h, w)
    work = os.path.join(args.work, tag)
    ref = run_reference(work, args.seed, h, w, args.threads)
    photo = np.array(Image.open(os.path.join(work, "photo.png")).convert("RGB"))
    report(tag, "photo.png", np.array_equal(photo, ref["photo"].numpy()), "photo.png == ref photo")

    # The official builder, as in MobileSAM's README: build_sam_vit_t() calls eval() itself, with
    # the initial (zero) attention_biases, and only then the checkpoint is loaded.
    sam = sam_model_registry["vit_t"]()
    state = torch.load(os.path.join(work, "weights.pt"))
    result = sam.load_state_dict(state, strict=True)
    report(tag, "load strict", not result.missing_keys and not result.unexpected_keys,
           "%d tensors, missing %d, unexpected %d" % (len(state), len(result.missing_keys),
                                                        len(result.unexpected_keys)))
    pred = SamPredictor(sam)

    # Information only: the bias cache `ab` still holds the biases from before the load.
    pred.set_image(photo)
    stale = rel_l2(pred.features, ref["embedding"])
    print("%-12s %-22s info  rel L2 %.3e  (official eval() BEFORE load_state_dict: stale `ab`)"
          % (tag, "embedding stale-ab", stale))

    sam.eval()  # after the load: train(False) rebuilds every Attention.ab from the loaded biases
    pred.set_image(photo)

    report(tag, "input_size", tuple(pred.input_size) == tuple(ref["input_size"].tolist()),
           "official %s reference %s" % (tuple(pred.input_size), tuple(ref["input_size"].tolist())))
    resized = pred.transform.apply_image(photo)
    same_shape = resized.shape == tuple(ref["resized"].shape)
    if same_shape:
        d = np.abs(resized.astype(np.int32) - ref["resized"].numpy().astype(np.int32))
        report(tag, "resized", not d.any(), "%s, %d values differ, max abs %d (%s)" % (
            "x".join(map(str, resized.shape)), int((d > 0).sum()), int(d.max()),
            "upscale" if max(h, w) < 1024 else "downscale"))
    else:
        report(tag, "resized", False, "shape %s vs %s" % (resized.shape, tuple(ref["resized"].shape)))
    check_rel(tag, "embedding", pred.features, ref["embedding"])

    k = 0
    while "c%d.low_res" % k in ref:
        c = "c%d." % k
        points = ref[c + "points"].numpy()
        labels = ref[c + "labels"].numpy()
        box = ref[c + "box"].numpy() if c + "box" in ref else None
        mask_input = ref[c + "mask_input"].numpy() if c + "mask_input" in ref else None
        multi = bool(ref[c + "multimask"].item())
        masks, iou, low = pred.predict(
            point_coords=points if len(points) else None, point_labels=labels if len(points) else None,
            box=box, mask_input=mask_input, multimask_output=multi, return_logits=False)
        check_rel(tag, c + "low_res", low, ref[c + "low_res"])
        check_rel(tag, c + "iou", iou, ref[c + "iou"])
        ref_masks = ref[c + "masks"].numpy().astype(bool)
        if masks.shape == ref_masks.shape:
            n = int((masks != ref_masks).sum())
            report(tag, c + "masks", n <= TOL_MASK * masks.size, "%d of %d pixels differ (%.4f %%), %s" % (
                n, masks.size, 100.0 * n / masks.size, "x".join(map(str, masks.shape))))
        else:
            report(tag, c + "masks", False, "shape %s vs %s" % (masks.shape, ref_masks.shape))
        k += 1
    report(tag, "cases", k > 0, "%d cases compared" % k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--official", required=True, help="directory holding the official mobile_sam/")
    ap.add_argument("--work", help="where sam_reference.py make writes (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sizes", default="300x400,1200x1600", help="HxW photo sizes, comma separated")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    tmp = tempfile.TemporaryDirectory(prefix="sam_official_check_")
    write_stubs(os.path.join(tmp.name, "stubs"))
    sys.path[:0] = [os.path.join(tmp.name, "stubs"), os.path.abspath(args.official)]
    args.work = args.work or os.path.join(tmp.name, "work")
    import mobile_sam
    print("official mobile_sam from %s" % os.path.dirname(mobile_sam.__file__))
    for size in args.sizes.split(","):
        h, w = (int(v) for v in size.split("x"))
        check_size(args, h, w)
    if failures:
        print("MISMATCH: " + ", ".join(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
