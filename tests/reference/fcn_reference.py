#!/usr/bin/python3
"""Independent references for instyle's segmentation networks, written with torchvision (test
code only).

  fcn_reference.py torchvision OUTDIR
      Writes OUTDIR/fcn_resnet50.pth (torchvision fcn_resnet50 with aux head, random weights, BN
      statistics calibrated on random batches so activations are O(1)), OUTDIR/resnet34.pth
      (torchvision resnet34, random weights) and OUTDIR/fcn_resnet50_io.pt {x, out, aux}: a
      1x3x67x75 input and torchvision's result["out"], result["aux"] in eval mode.
  fcn_reference.py fcn8s IN.pt OUT.pt
      IN.pt holds an instyle Fcn8sResNet34 state dict plus `input`; rebuilds the paper's FCN-8s
      from torchvision's resnet34 (PAPER.md §1), loads the weights strictly, writes {out}.
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


def calibrate_bn(model, shape, batches=3):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # cumulative average
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            model(torch.randn(shape))
    model.eval()


def torchvision_fixtures(outdir):
    torch.manual_seed(1234)
    fcn = torchvision.models.segmentation.fcn_resnet50(weights=None, weights_backbone=None, num_classes=21, aux_loss=True)
    calibrate_bn(fcn, (2, 3, 64, 64))
    torch.save(fcn.state_dict(), f"{outdir}/fcn_resnet50.pth")
    x = torch.randn(1, 3, 67, 75)
    with torch.no_grad():
        r = fcn(x)
    torch.save({"x": x, "out": r["out"], "aux": r["aux"]}, f"{outdir}/fcn_resnet50_io.pt")
    torch.save(torchvision.models.resnet34().state_dict(), f"{outdir}/resnet34.pth")


class Fcn8s(nn.Module):
    def __init__(self, classes=21):
        super().__init__()
        self.backbone = torchvision.models.resnet34()
        self.backbone.fc = nn.Identity()
        self.score1 = nn.Conv2d(512, classes, 1)
        self.score2 = nn.Conv2d(256, classes, 1)
        self.score3 = nn.Conv2d(128, classes, 1)
        self.up2a = nn.ConvTranspose2d(classes, classes, 4, 2, 1, bias=False)
        self.up2b = nn.ConvTranspose2d(classes, classes, 4, 2, 1, bias=False)
        self.up8 = nn.ConvTranspose2d(classes, classes, 16, 8, 4, bias=False)

    def forward(self, x):
        h, w = x.shape[2:]
        x = F.pad(x, (0, (-w) % 32, 0, (-h) % 32))
        b = self.backbone
        y = b.maxpool(b.relu(b.bn1(b.conv1(x))))
        l2 = b.layer2(b.layer1(y))
        l3 = b.layer3(l2)
        l4 = b.layer4(l3)
        s = self.up2a(self.score1(l4)) + self.score2(l3)
        s = self.up2b(s) + self.score3(l2)
        return self.up8(s)[:, :, :h, :w]


def fcn8s(inp, out):
    data = torch.load(inp)
    x = data.pop("input")
    model = Fcn8s()
    model.load_state_dict(data, strict=True)
    model.eval()
    with torch.no_grad():
        torch.save({"out": model(x)}, out)


if __name__ == "__main__":
    if sys.argv[1] == "torchvision":
        torchvision_fixtures(sys.argv[2])
    else:
        fcn8s(sys.argv[2], sys.argv[3])
