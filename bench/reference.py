#!/usr/bin/python3
"""The baseline instyle-bench compares against: the same method in Python/PyTorch.

Same conventions as instyle's engine (../shared/PAPER.md §2): x is the ImageNet-normalised image,
optimised directly with Adam (lr 1, fresh Adam with lr 0.1 at 90 % of the iterations); content at
relu4_1 (sum of squares), Gram style loss at relu1_1..relu5_1 with the notebook's layer weights,
Laplacian loss after a 3x3 average pool, and the depth loss through MiDaS v2.1 small with
gradients (bilinear to S x S, bicubic back, mean of squares). Clamped to the valid colour range
after each step. One VGG pass per iteration, stopped at relu5_1 — written the way a competent
PyTorch user would, so the comparison is fair.

  reference.py make --out DIR [--seed N]        random fixture weights (vgg19.pth, midas.pt)
  reference.py run --vgg F [--midas F] --size N --iters N [--threads N] [--terms full|nodepth]
      prints one line: RESULT size=WxH iters=N seconds_per_iter=S time_to_result=T loss_first=L loss_last=L
"""
import argparse
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
STYLE_LAYERS = [1, 6, 11, 20, 29]
STYLE_WEIGHTS = [1e8, 0.8e7, 0.5e6, 0.3e6, 0.1e6]
CONTENT_LAYER = 20
ALPHA, BETA, THETA, GAMMA = 1.0, 1.0, 1e4, 1e2


def gram(f):
    _, c, h, w = f.shape
    m = f.reshape(c, h * w)
    return m @ m.t() / (c * h * w)


def lap_kernel():
    k = torch.tensor([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]])
    return k.view(1, 1, 3, 3).expand(1, 3, 3, 3).contiguous()


def laplacian(img, k):
    return F.conv2d(F.avg_pool2d(img, 3, 1, 1), k, padding=1)


def features(vgg, x):
    out = {}
    for i, layer in enumerate(vgg):
        x = layer(x)
        if i in STYLE_LAYERS or i == CONTENT_LAYER:
            out[i] = x
        if i == STYLE_LAYERS[-1]:
            break
    return out


def depth_at(midas, image, size):
    d = midas(F.interpolate(image, size=(size, size), mode="bilinear", align_corners=False)).unsqueeze(1)
    return F.interpolate(d, size=image.shape[-2:], mode="bicubic", align_corners=False)


def synthetic_images(size, seed=1):
    g = torch.Generator().manual_seed(seed)
    h = size * 2 // 3
    content = torch.randn(1, 3, h, size, generator=g)
    style = torch.randn(1, 3, size, size, generator=g)
    return content, style


def run(args):
    torch.set_num_threads(args.threads)
    vgg = torchvision.models.vgg19().features[:30].eval()
    state = torch.load(args.vgg)
    vgg.load_state_dict({k[len("features."):]: v for k, v in state.items()
                         if k.startswith("features.") and int(k.split(".")[1]) < 30})
    for p in vgg.parameters():
        p.requires_grad_(False)
    midas = None
    if args.terms == "full":
        from midas_reference import Midas
        midas = Midas().eval()
        midas.load_state_dict(torch.load(args.midas))
        for p in midas.parameters():
            p.requires_grad_(False)

    setup_start = time.perf_counter()
    content, style = synthetic_images(args.size)
    k = lap_kernel()
    low, high = (0 - MEAN) / STD, (1 - MEAN) / STD
    with torch.no_grad():
        fc = features(vgg, content)[CONTENT_LAYER]
        gs = [gram(f) for i, f in sorted(features(vgg, style).items()) if i in STYLE_LAYERS]
        lc = laplacian(content, k)
        dc = depth_at(midas, content, args.depth_size) if midas is not None else None
    x = content.clone().requires_grad_(True)
    opt = torch.optim.Adam([x], lr=1.0)
    decay_at = round(0.9 * args.iters)
    setup = time.perf_counter() - setup_start

    first = last = None
    start = time.perf_counter()
    for t in range(args.iters):
        if t == decay_at:
            opt = torch.optim.Adam([x], lr=0.1)
        opt.zero_grad()
        f = features(vgg, x)
        loss_c = ((f[CONTENT_LAYER] - fc) ** 2).sum()
        loss_s = sum(w * ((gram(f[i]) - g) ** 2).sum() for i, w, g in zip(STYLE_LAYERS, STYLE_WEIGHTS, gs))
        loss_l = ((laplacian(x, k) - lc) ** 2).sum()
        total = ALPHA * loss_c + BETA * loss_s + GAMMA * loss_l
        if dc is not None:
            total = total + THETA * ((depth_at(midas, x, args.depth_size) - dc) ** 2).mean()
        total.backward()
        value = total.item()
        first = value if first is None else first
        last = value
        opt.step()
        with torch.no_grad():
            x.copy_(torch.max(torch.min(x, high), low))
    loop = time.perf_counter() - start
    print("RESULT size=%dx%d iters=%d seconds_per_iter=%.9g time_to_result=%.9g loss_first=%.9g loss_last=%.9g"
          % (content.shape[3], content.shape[2], args.iters, loop / max(1, args.iters), setup + loop, first, last))


def make(args):
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    vgg = torchvision.models.vgg19().features
    torch.save({"features." + k: v for k, v in vgg.state_dict().items()}, os.path.join(args.out, "vgg19.pth"))
    from midas_reference import Midas, randomize
    midas = Midas()
    randomize(midas, torch.Generator().manual_seed(args.seed))
    torch.save(midas.state_dict(), os.path.join(args.out, "midas.pt"))
    print("wrote", args.out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["make", "run"])
    p.add_argument("--out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--vgg")
    p.add_argument("--midas")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--depth-size", type=int, default=256)
    p.add_argument("--terms", choices=["full", "nodepth"], default="full")
    args = p.parse_args()
    make(args) if args.mode == "make" else run(args)


if __name__ == "__main__":
    main()
