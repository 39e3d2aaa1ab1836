#!/usr/bin/python3
"""Independent PyTorch reference of MiDaS v2.1 small and of instyle's depth loss (test code only).

A compact re-statement of isl-org/MiDaS `MidasNet_small(features=64, backbone="efficientnet_lite3",
exportable=True, non_negative=True, blocks={"expand": True})` with rwightman's gen-efficientnet
`tf_efficientnet_lite3` encoder, written for instyle's tests; its state dict uses the official key
names, so `torch.save(model.state_dict())` produces a file in the official format.

Usage:
  midas_reference.py keys                 print "key<TAB>shape" of the state dict
  midas_reference.py make --out DIR [--seed N] [--height H] [--width W] [--size S]
      writes DIR/weights.pt (random weights, official format) and DIR/ref.pt with the tensors
      input (1x3xSxS), output (1xSxS, MiDaS forward), content, image (1x3xHxW normalised),
      depth_content, depth_image (1x1xHxW, D(.) of the depth loss), loss (Ld), grad (dLd/dimage).
"""
import argparse
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

BN_EPS = 1e-3  # TensorFlow's default, used by every tf_* gen-efficientnet model


class SameConv(nn.Conv2d):
    """Bias-free conv with TensorFlow 'SAME' padding (dynamic for stride 2, extra pixel right/bottom)."""

    def __init__(self, cin, cout, k, stride=1, depthwise=False):
        super().__init__(cin, cout, k, stride, padding=(k - 1) // 2 if stride == 1 else 0,
                         groups=cout if depthwise else 1, bias=False)

    def forward(self, x):
        if self.stride[0] == 1:
            return super().forward(x)
        k, s = self.kernel_size[0], self.stride[0]
        pads = []
        for size in (x.shape[-1], x.shape[-2]):
            total = max((math.ceil(size / s) - 1) * s + k - size, 0)
            pads += [total // 2, total - total // 2]
        return F.conv2d(F.pad(x, pads), self.weight, None, self.stride, 0, 1, self.groups)


def bn(c):
    return nn.BatchNorm2d(c, eps=BN_EPS)


class DsBlock(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv_dw, self.bn1 = SameConv(cin, cin, k, stride, depthwise=True), bn(cin)
        self.conv_pw, self.bn2 = SameConv(cin, cout, 1), bn(cout)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = self.bn2(self.conv_pw(F.relu6(self.bn1(self.conv_dw(x)))))
        return y + x if self.skip else y


class IrBlock(nn.Module):
    def __init__(self, cin, cout, k, stride, expansion=6):
        super().__init__()
        mid = cin * expansion
        self.conv_pw, self.bn1 = SameConv(cin, mid, 1), bn(mid)
        self.conv_dw, self.bn2 = SameConv(mid, mid, k, stride, depthwise=True), bn(mid)
        self.conv_pwl, self.bn3 = SameConv(mid, cout, 1), bn(cout)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = F.relu6(self.bn1(self.conv_pw(x)))
        y = F.relu6(self.bn2(self.conv_dw(y)))
        y = self.bn3(self.conv_pwl(y))
        return y + x if self.skip else y


# (depthwise-separable?, kernel, stride, out channels, repeats) of tf_efficientnet_lite3 after
# scaling (channels x1.2 rounded to 8, depth x1.4 ceil, first and last stage fixed).
STAGES = [(True, 3, 1, 24, 1), (False, 3, 2, 32, 3), (False, 5, 2, 48, 3), (False, 3, 2, 96, 5),
          (False, 5, 1, 136, 5), (False, 5, 2, 232, 6), (False, 3, 1, 384, 1)]


def make_stages():
    stages, cin = [], 32
    for ds, k, s, cout, n in STAGES:
        blocks = []
        for i in range(n):
            stride = s if i == 0 else 1
            blocks.append(DsBlock(cin, cout, k, stride) if ds else IrBlock(cin, cout, k, stride))
            cin = cout
        stages.append(nn.Sequential(*blocks))
    return stages


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        st = make_stages()
        self.layer1 = nn.Sequential(SameConv(3, 32, 3, 2), bn(32), nn.ReLU6(), st[0], st[1])
        self.layer2 = nn.Sequential(st[2])
        self.layer3 = nn.Sequential(st[3], st[4])
        self.layer4 = nn.Sequential(st[5], st[6])


class Rcu(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return x + self.conv2(F.relu(self.conv1(F.relu(x))))


class Fusion(nn.Module):
    def __init__(self, c, expand):
        super().__init__()
        self.out_conv = nn.Conv2d(c, c // 2 if expand else c, 1)
        self.resConfUnit1 = Rcu(c)
        self.resConfUnit2 = Rcu(c)

    def forward(self, x, skip=None):
        if skip is not None:
            x = x + self.resConfUnit1(skip)
        x = self.resConfUnit2(x)
        x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)
        return self.out_conv(x)


class Up2(nn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)


class Midas(nn.Module):
    def __init__(self, features=64):
        super().__init__()
        self.pretrained = Encoder()
        s = nn.Module()
        for i, cin in enumerate([32, 48, 136, 384]):
            setattr(s, "layer%d_rn" % (i + 1), nn.Conv2d(cin, features << i, 3, padding=1, bias=False))
        for i in (3, 2, 1, 0):
            setattr(s, "refinenet%d" % (i + 1), Fusion(features << i, expand=i > 0))
        s.output_conv = nn.Sequential(nn.Conv2d(features, features // 2, 3, padding=1), Up2(),
                                      nn.Conv2d(features // 2, 32, 3, padding=1), nn.ReLU(),
                                      nn.Conv2d(32, 1, 1), nn.ReLU(), nn.Identity())
        self.scratch = s

    def forward(self, x):
        p, s = self.pretrained, self.scratch
        l1 = p.layer1(x)
        l2 = p.layer2(l1)
        l3 = p.layer3(l2)
        l4 = p.layer4(l3)
        path = s.refinenet4(s.layer4_rn(l4))
        path = s.refinenet3(path, s.layer3_rn(l3))
        path = s.refinenet2(path, s.layer2_rn(l2))
        path = s.refinenet1(path, s.layer1_rn(l1))
        return s.output_conv(path).squeeze(1)


def randomize(model, gen):
    """Weights that keep activations O(1) through the network, and non-trivial batch-norm stats."""
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("num_batches_tracked"):
                t.fill_(7)
            elif name.endswith("running_mean"):
                t.copy_(torch.randn(t.shape, generator=gen) * 0.1)
            elif name.endswith("running_var"):
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
            elif t.dim() == 1 and name.endswith("bias"):
                t.copy_(torch.randn(t.shape, generator=gen) * 0.05)
            elif t.dim() == 1:  # batch-norm gamma
                t.copy_(torch.rand(t.shape, generator=gen) * 0.5 + 0.5)
            else:
                fan_in = t.shape[1] * t.shape[2] * t.shape[3]
                t.copy_(torch.randn(t.shape, generator=gen) * math.sqrt(1.0 / fan_in))
        # A positive output bias so that the final ReLU passes most pixels.
        model.scratch.output_conv[4].bias.fill_(0.5)


def depth_at(model, image, size):
    d = model(F.interpolate(image, size=(size, size), mode="bilinear", align_corners=False)).unsqueeze(1)
    return F.interpolate(d, size=image.shape[-2:], mode="bicubic", align_corners=False)


def make(args):
    torch.set_num_threads(2)
    gen = torch.Generator().manual_seed(args.seed)
    model = Midas()
    randomize(model, gen)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, "weights.pt"))

    ref = {}
    ref["input"] = torch.randn(1, 3, args.size, args.size, generator=gen)
    ref["output"] = model(ref["input"])
    content = torch.randn(1, 3, args.height, args.width, generator=gen)
    image = (content + 0.3 * torch.randn(content.shape, generator=gen)).requires_grad_(True)
    with torch.no_grad():
        dc = depth_at(model, content, args.size)
    dx = depth_at(model, image, args.size)
    loss = ((dc - dx) ** 2).mean()
    loss.backward()
    ref.update(content=content, image=image.detach(), depth_content=dc, depth_image=dx.detach(),
               loss=loss.detach().reshape(1), grad=image.grad)
    torch.save(ref, os.path.join(args.out, "ref.pt"))
    out = ref["output"]
    print("output min %.4g max %.4g positive %.3f; loss %.6g" %
          (out.min(), out.max(), (out > 0).float().mean(), loss.item()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["keys", "make"])
    parser.add_argument("--out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--height", type=int, default=48)
    parser.add_argument("--width", type=int, default=40)
    parser.add_argument("--size", type=int, default=64)
    args = parser.parse_args()
    if args.mode == "keys":
        for k, t in Midas().state_dict().items():
            print("%s\t%s" % (k, "x".join(str(d) for d in t.shape)))
    else:
        make(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
