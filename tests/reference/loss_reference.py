#!/usr/bin/python3
"""Independent reference for instyle's loss terms, written with torchvision (test code only).

Usage: loss_reference.py INPUT.pt
INPUT.pt is a dict (written by the C++ test with torch::pickle_save) holding the VGG19 weights
under torchvision's `features.N.*` names plus the tensors `content`, `style`, `x` (1x3xHxW,
ImageNet-normalised) and `weights` (alpha, beta, theta, gamma). Prints one JSON object with the
unweighted terms and the weighted total, computed as the authors' notebook does.
"""
import json
import sys

import torch
import torch.nn.functional as F
import torchvision

STYLE_LAYERS = [1, 6, 11, 20, 29]
STYLE_WEIGHTS = [1e8, 0.8e7, 0.5e6, 0.3e6, 0.1e6]
CONTENT_LAYER = 20


def activations(features, x, wanted):
    out = {}
    for i, layer in enumerate(features):
        x = layer(x)
        if i in wanted:
            out[i] = x
        if i >= max(wanted):
            break
    return out


def gram(f):
    _, c, h, w = f.shape
    m = f.view(c, h * w)
    return m @ m.t() / (c * h * w)


def laplacian(img):
    pooled = torch.nn.AvgPool2d(3, stride=1, padding=1)(img)
    k = torch.tensor([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]])
    total = 0
    for c in range(img.shape[1]):
        total = total + F.conv2d(pooled[:, c:c + 1], k.view(1, 1, 3, 3), padding=1)
    return total


def main():
    data = torch.load(sys.argv[1])
    torch.set_num_threads(2)
    vgg = torchvision.models.vgg19().features.eval()
    state = {k[len("features."):]: v for k, v in data.items() if k.startswith("features.")}
    vgg.load_state_dict(state, strict=True)
    content, style, x = data["content"], data["style"], data["x"]
    alpha, beta, theta, gamma = data["weights"].tolist()
    with torch.no_grad():
        fc = activations(vgg, content, {CONTENT_LAYER})[CONTENT_LAYER]
        fs = activations(vgg, style, set(STYLE_LAYERS))
        fx = activations(vgg, x, set(STYLE_LAYERS) | {CONTENT_LAYER})
        lc = ((fc - fx[CONTENT_LAYER]) ** 2).sum()
        ls = sum(w * ((gram(fx[l]) - gram(fs[l])) ** 2).sum() for l, w in zip(STYLE_LAYERS, STYLE_WEIGHTS))
        llap = ((laplacian(content) - laplacian(x)) ** 2).sum()
    total = alpha * lc + beta * ls + gamma * llap
    print(json.dumps({"content": lc.item(), "style": ls.item(), "laplacian": llap.item(),
                      "depth": 0.0, "total": float(total)}))


if __name__ == "__main__":
    main()
