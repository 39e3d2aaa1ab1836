#!/usr/bin/python3
"""Independent PyTorch reference of MobileSAM and its predictor (test code only).

A compact re-statement of ChaoningZhang/MobileSAM `build_sam_vit_t` (TinyViT-5M image encoder,
mobile_sam/modeling/tiny_vit_sam.py) with facebookresearch/segment-anything's prompt encoder, mask
decoder, two-way transformer and SamPredictor (pre- and post-processing), written for instyle's
tests. Its state dict uses the official key names, so `torch.save(OrderedDict(state_dict))` writes
a file in the layout of the official `mobile_sam.pt`.

Usage:
  sam_reference.py keys        print "key<TAB>shape<TAB>dtype" of the state dict (as the manifest)
  sam_reference.py make --out DIR [--seed N] [--height H] [--width W]
      writes DIR/weights.pt (random weights, official layout), DIR/photo.png and DIR/ref.pt with
      photo (HxWx3 uint8), resized (the predictor's ResizeLongestSide(1024) image, uint8),
      original_size, input_size, embedding (1x256x64x64) and for each case cK: cK.points (Nx2,
      photo pixels), cK.labels, cK.box (if any), cK.mask_input (if any), cK.multimask, and the
      outputs cK.low_res (Kx256x256 logits), cK.iou (K), cK.masks (KxHxW uint8).
  sam_reference.py bench [--weights FILE] [--height 1200] [--width 1600] [--threads 2] [--reps 5]
      what instyle-bench-sam times, medians in seconds on one line "RESULT key=value ...": encode
      (resize + normalisation + encoder, as the predictor's set_image), resize, the encoder's parts
      (patch_embed, layers.0..3, neck) and four decodes (decode_point: one point, three masks;
      decode_points: 2 include + 1 exclude; decode_box: a box and an exclude point; decode_refine:
      the three points with the one-point decode's best logits as mask input). FILE is loaded if it
      exists, else random weights are written there (so that instyle-bench-sam loads the same).
"""
import argparse
import collections
import itertools
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PIXEL_MEAN = [123.675, 116.28, 103.53]
PIXEL_STD = [58.395, 57.12, 57.375]


# --- TinyViT -----------------------------------------------------------------------------------

class Conv2dBN(nn.Sequential):
    def __init__(self, a, b, ks=1, stride=1, pad=0, groups=1):
        super().__init__()
        self.add_module("c", nn.Conv2d(a, b, ks, stride, pad, 1, groups, bias=False))
        self.add_module("bn", nn.BatchNorm2d(b))


class PatchEmbed(nn.Module):
    def __init__(self, cin, dim):
        super().__init__()
        self.seq = nn.Sequential(Conv2dBN(cin, dim // 2, 3, 2, 1), nn.GELU(), Conv2dBN(dim // 2, dim, 3, 2, 1))

    def forward(self, x):
        return self.seq(x)


class MBConv(nn.Module):
    def __init__(self, dim, expand):
        super().__init__()
        hidden = int(dim * expand)
        self.conv1 = Conv2dBN(dim, hidden)
        self.conv2 = Conv2dBN(hidden, hidden, 3, 1, 1, groups=hidden)
        self.conv3 = Conv2dBN(hidden, dim)

    def forward(self, x):
        y = F.gelu(self.conv1(x))
        y = F.gelu(self.conv2(y))
        return F.gelu(self.conv3(y) + x)


class PatchMerging(nn.Module):
    def __init__(self, resolution, dim, out_dim):
        super().__init__()
        self.resolution = resolution
        self.conv1 = Conv2dBN(dim, out_dim)
        stride = 1 if out_dim in (320, 448, 576) else 2
        self.conv2 = Conv2dBN(out_dim, out_dim, 3, stride, 1, groups=out_dim)
        self.conv3 = Conv2dBN(out_dim, out_dim)

    def forward(self, x):
        if x.ndim == 3:
            h, w = self.resolution
            x = x.view(len(x), h, w, -1).permute(0, 3, 1, 2)
        x = F.gelu(self.conv1(x))
        x = F.gelu(self.conv2(x))
        return self.conv3(x).flatten(2).transpose(1, 2)


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(self.norm(x))))


class Attention(nn.Module):
    """TinyViT attention (attn_ratio 1) with a learned bias per window offset."""

    def __init__(self, dim, key_dim, heads, resolution):
        super().__init__()
        self.heads, self.key_dim, self.scale = heads, key_dim, key_dim ** -0.5
        self.norm = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * key_dim * heads)
        self.proj = nn.Linear(key_dim * heads, dim)
        points = list(itertools.product(range(resolution), range(resolution)))
        offsets, idxs = {}, []
        for p1 in points:
            for p2 in points:
                off = (abs(p1[0] - p2[0]), abs(p1[1] - p2[1]))
                offsets.setdefault(off, len(offsets))
                idxs.append(offsets[off])
        self.attention_biases = nn.Parameter(torch.zeros(heads, len(offsets)))
        self.register_buffer("attention_bias_idxs", torch.LongTensor(idxs).view(len(points), len(points)),
                             persistent=False)

    def forward(self, x):
        b, n, _ = x.shape
        q, k, v = self.qkv(self.norm(x)).view(b, n, self.heads, -1).split([self.key_dim] * 3, dim=3)
        q, k, v = (t.permute(0, 2, 1, 3) for t in (q, k, v))
        # The bias table indexed from the current weights (the official eval cache goes stale).
        attn = (q @ k.transpose(-2, -1)) * self.scale + self.attention_biases[:, self.attention_bias_idxs]
        x = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, -1)
        return self.proj(x)


class TinyViTBlock(nn.Module):
    def __init__(self, dim, resolution, heads, window):
        super().__init__()
        self.resolution, self.window = resolution, window
        self.attn = Attention(dim, dim // heads, heads, window)
        self.mlp = Mlp(dim, 4 * dim)
        self.local_conv = Conv2dBN(dim, dim, 3, 1, 1, groups=dim)

    def forward(self, x):
        h, w = self.resolution
        b, l, c = x.shape
        ws = self.window
        res = x
        if h == ws and w == ws:
            x = self.attn(x)
        else:
            x = x.view(b, h, w, c)
            pad_b, pad_r = (ws - h % ws) % ws, (ws - w % ws) % ws
            if pad_b or pad_r:
                x = F.pad(x, (0, 0, 0, pad_r, 0, pad_b))
            ph, pw = h + pad_b, w + pad_r
            nh, nw = ph // ws, pw // ws
            x = x.view(b, nh, ws, nw, ws, c).transpose(2, 3).reshape(b * nh * nw, ws * ws, c)
            x = self.attn(x)
            x = x.view(b, nh, nw, ws, ws, c).transpose(2, 3).reshape(b, ph, pw, c)
            x = x[:, :h, :w].contiguous().view(b, l, c)
        x = res + x
        x = self.local_conv(x.transpose(1, 2).reshape(b, c, h, w)).view(b, c, l).transpose(1, 2)
        return x + self.mlp(x)


class Stage(nn.Module):
    def __init__(self, blocks, downsample):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.downsample = downsample

    def forward(self, x):
        for blk in self.blocks:
            x = blk(x)
        return self.downsample(x) if self.downsample is not None else x


class LayerNorm2d(nn.Module):
    def __init__(self, c, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.eps = eps

    def forward(self, x):
        u = x.mean(1, keepdim=True)
        s = (x - u).pow(2).mean(1, keepdim=True)
        return self.weight[:, None, None] * ((x - u) / torch.sqrt(s + self.eps)) + self.bias[:, None, None]


class TinyViT(nn.Module):
    def __init__(self, dims=(64, 128, 160, 320), depths=(2, 2, 6, 2), heads=(2, 4, 5, 10), windows=(7, 7, 14, 7)):
        super().__init__()
        self.patch_embed = PatchEmbed(3, dims[0])
        self.layers = nn.ModuleList()
        for i in range(4):
            side = 256 // (2 ** (i - 1 if i == 3 else i))
            out = dims[min(i + 1, 3)]
            down = PatchMerging((side, side), dims[i], out) if i < 3 else None
            if i == 0:
                blocks = [MBConv(dims[0], 4.0) for _ in range(depths[0])]
            else:
                blocks = [TinyViTBlock(dims[i], (side, side), heads[i], windows[i]) for _ in range(depths[i])]
            self.layers.append(Stage(blocks, down))
        self.norm_head = nn.LayerNorm(dims[3])
        self.head = nn.Linear(dims[3], 1000)
        self.neck = nn.Sequential(nn.Conv2d(dims[3], 256, 1, bias=False), LayerNorm2d(256),
                                  nn.Conv2d(256, 256, 3, padding=1, bias=False), LayerNorm2d(256))

    def forward(self, x):
        x = self.patch_embed(x)
        for layer in self.layers:
            x = layer(x)
        b, _, c = x.shape
        return self.neck(x.view(b, 64, 64, c).permute(0, 3, 1, 2))


# --- Prompt encoder and mask decoder -------------------------------------------------------------

class PositionEmbeddingRandom(nn.Module):
    def __init__(self, feats=128):
        super().__init__()
        self.register_buffer("positional_encoding_gaussian_matrix", torch.randn((2, feats)))

    def encode(self, coords):
        coords = (2 * coords - 1) @ self.positional_encoding_gaussian_matrix
        coords = 2 * np.pi * coords
        return torch.cat([torch.sin(coords), torch.cos(coords)], dim=-1)

    def dense(self, h, w):
        grid = torch.ones((h, w), dtype=torch.float32)
        y = (grid.cumsum(dim=0) - 0.5) / h
        x = (grid.cumsum(dim=1) - 0.5) / w
        return self.encode(torch.stack([x, y], dim=-1)).permute(2, 0, 1)

    def with_coords(self, coords, size):
        coords = coords.clone()
        coords[:, :, 0] = coords[:, :, 0] / size[1]
        coords[:, :, 1] = coords[:, :, 1] / size[0]
        return self.encode(coords.to(torch.float))


class PromptEncoder(nn.Module):
    def __init__(self, dim=256, emb=64, size=1024, mask_chans=16):
        super().__init__()
        self.emb, self.size = emb, size
        self.pe_layer = PositionEmbeddingRandom(dim // 2)
        self.point_embeddings = nn.ModuleList([nn.Embedding(1, dim) for _ in range(4)])
        self.not_a_point_embed = nn.Embedding(1, dim)
        self.mask_downscaling = nn.Sequential(
            nn.Conv2d(1, mask_chans // 4, 2, 2), LayerNorm2d(mask_chans // 4), nn.GELU(),
            nn.Conv2d(mask_chans // 4, mask_chans, 2, 2), LayerNorm2d(mask_chans), nn.GELU(),
            nn.Conv2d(mask_chans, dim, 1))
        self.no_mask_embed = nn.Embedding(1, dim)

    def forward(self, points, boxes, masks):
        sparse = torch.empty((1, 0, 256))
        if points is not None:
            coords, labels = points
            coords = coords + 0.5
            if boxes is None:
                coords = torch.cat([coords, torch.zeros((coords.shape[0], 1, 2))], dim=1)
                labels = torch.cat([labels, -torch.ones((labels.shape[0], 1))], dim=1)
            pe = self.pe_layer.with_coords(coords, (self.size, self.size))
            pe[labels == -1] = 0.0
            pe[labels == -1] += self.not_a_point_embed.weight
            pe[labels == 0] += self.point_embeddings[0].weight
            pe[labels == 1] += self.point_embeddings[1].weight
            sparse = torch.cat([sparse, pe], dim=1)
        if boxes is not None:
            corners = self.pe_layer.with_coords((boxes + 0.5).reshape(-1, 2, 2), (self.size, self.size))
            corners[:, 0, :] += self.point_embeddings[2].weight
            corners[:, 1, :] += self.point_embeddings[3].weight
            sparse = torch.cat([sparse, corners], dim=1)
        if masks is not None:
            dense = self.mask_downscaling(masks)
        else:
            dense = self.no_mask_embed.weight.reshape(1, -1, 1, 1).expand(1, -1, self.emb, self.emb)
        return sparse, dense


class SamAttention(nn.Module):
    def __init__(self, dim, heads, down=1):
        super().__init__()
        self.heads = heads
        inner = dim // down
        self.q_proj, self.k_proj = nn.Linear(dim, inner), nn.Linear(dim, inner)
        self.v_proj, self.out_proj = nn.Linear(dim, inner), nn.Linear(inner, dim)

    def forward(self, q, k, v):
        def sep(x):
            b, n, c = x.shape
            return x.reshape(b, n, self.heads, c // self.heads).transpose(1, 2)
        q, k, v = sep(self.q_proj(q)), sep(self.k_proj(k)), sep(self.v_proj(v))
        attn = torch.softmax(q @ k.permute(0, 1, 3, 2) / math.sqrt(q.shape[-1]), dim=-1)
        out = (attn @ v).transpose(1, 2)
        return self.out_proj(out.reshape(out.shape[0], out.shape[1], -1))


class MLPBlock(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.lin1, self.lin2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.lin2(F.relu(self.lin1(x)))


class TwoWayBlock(nn.Module):
    def __init__(self, dim, heads, mlp, skip_pe):
        super().__init__()
        self.self_attn = SamAttention(dim, heads)
        self.norm1 = nn.LayerNorm(dim)
        self.cross_attn_token_to_image = SamAttention(dim, heads, 2)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MLPBlock(dim, mlp)
        self.norm3 = nn.LayerNorm(dim)
        self.norm4 = nn.LayerNorm(dim)
        self.cross_attn_image_to_token = SamAttention(dim, heads, 2)
        self.skip_pe = skip_pe

    def forward(self, queries, keys, qpe, kpe):
        if self.skip_pe:
            queries = self.self_attn(queries, queries, queries)
        else:
            q = queries + qpe
            queries = queries + self.self_attn(q, q, queries)
        queries = self.norm1(queries)
        queries = self.norm2(queries + self.cross_attn_token_to_image(queries + qpe, keys + kpe, keys))
        queries = self.norm3(queries + self.mlp(queries))
        keys = self.norm4(keys + self.cross_attn_image_to_token(keys + kpe, queries + qpe, queries))
        return queries, keys


class TwoWayTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([TwoWayBlock(256, 8, 2048, i == 0) for i in range(2)])
        self.final_attn_token_to_image = SamAttention(256, 8, 2)
        self.norm_final_attn = nn.LayerNorm(256)

    def forward(self, image, pe, tokens):
        keys = image.flatten(2).permute(0, 2, 1)
        pe = pe.flatten(2).permute(0, 2, 1)
        queries = tokens
        for layer in self.layers:
            queries, keys = layer(queries, keys, tokens, pe)
        queries = self.norm_final_attn(queries + self.final_attn_token_to_image(queries + tokens, keys + pe, keys))
        return queries, keys


class MLP(nn.Module):
    def __init__(self, cin, hidden, cout, n):
        super().__init__()
        h = [hidden] * (n - 1)
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip([cin] + h, h + [cout]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = F.relu(layer(x)) if i < len(self.layers) - 1 else layer(x)
        return x


class MaskDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = TwoWayTransformer()
        self.iou_token = nn.Embedding(1, 256)
        self.mask_tokens = nn.Embedding(4, 256)
        self.output_upscaling = nn.Sequential(nn.ConvTranspose2d(256, 64, 2, 2), LayerNorm2d(64), nn.GELU(),
                                              nn.ConvTranspose2d(64, 32, 2, 2), nn.GELU())
        self.output_hypernetworks_mlps = nn.ModuleList([MLP(256, 256, 32, 3) for _ in range(4)])
        self.iou_prediction_head = MLP(256, 256, 4, 3)

    def forward(self, image, pe, sparse, dense, multimask):
        out = torch.cat([self.iou_token.weight, self.mask_tokens.weight], dim=0).unsqueeze(0)
        tokens = torch.cat((out.expand(sparse.size(0), -1, -1), sparse), dim=1)
        src = image + dense
        b, c, h, w = src.shape
        hs, src = self.transformer(src, pe, tokens)
        up = self.output_upscaling(src.transpose(1, 2).view(b, c, h, w))
        hyper = torch.stack([self.output_hypernetworks_mlps[i](hs[:, 1 + i, :]) for i in range(4)], dim=1)
        b, c, h, w = up.shape
        masks = (hyper @ up.view(b, c, h * w)).view(b, -1, h, w)
        iou = self.iou_prediction_head(hs[:, 0, :])
        sl = slice(1, None) if multimask else slice(0, 1)
        return masks[:, sl], iou[:, sl]


class MobileSam(nn.Module):
    def __init__(self):
        super().__init__()
        self.image_encoder = TinyViT()
        self.prompt_encoder = PromptEncoder()
        self.mask_decoder = MaskDecoder()


# --- The predictor ------------------------------------------------------------------------------

def preprocess_shape(h, w, target=1024):
    scale = target * 1.0 / max(h, w)
    return int(h * scale + 0.5), int(w * scale + 0.5)


def resize_longest_side(photo):
    """ResizeLongestSide(1024).apply_image: torchvision's resize of a PIL image (PIL bilinear)."""
    from torchvision.transforms.functional import resize, to_pil_image
    h, w = preprocess_shape(photo.shape[0], photo.shape[1])
    return np.array(resize(to_pil_image(photo), (h, w)))


class Predictor:
    def __init__(self, model):
        self.model = model

    @torch.no_grad()
    def set_resized(self, resized, original_size):
        self.original_size = original_size
        self.input_size = resized.shape[:2]
        x = torch.as_tensor(resized).permute(2, 0, 1).contiguous()[None]
        x = (x - torch.tensor(PIXEL_MEAN).view(-1, 1, 1)) / torch.tensor(PIXEL_STD).view(-1, 1, 1)
        x = F.pad(x, (0, 1024 - x.shape[-1], 0, 1024 - x.shape[-2]))
        self.features = self.model.image_encoder(x)

    def apply_coords(self, coords):
        coords = coords.astype(float).copy()
        h, w = self.original_size
        nh, nw = self.input_size
        coords[..., 0] = coords[..., 0] * (nw / w)
        coords[..., 1] = coords[..., 1] * (nh / h)
        return coords

    @torch.no_grad()
    def predict(self, points, labels, box, mask_input, multimask):
        pts = None
        if points is not None and len(points):
            coords = torch.as_tensor(self.apply_coords(points), dtype=torch.float)[None]
            pts = (coords, torch.as_tensor(labels, dtype=torch.int)[None])
        box_t = None
        if box is not None:
            box_t = torch.as_tensor(self.apply_coords(box.reshape(-1, 2, 2)).reshape(-1, 4), dtype=torch.float)[None]
        mask_t = None if mask_input is None else torch.as_tensor(mask_input, dtype=torch.float)[None]
        sparse, dense = self.model.prompt_encoder(pts, box_t, mask_t)
        pe = self.model.prompt_encoder.pe_layer.dense(64, 64).unsqueeze(0)
        low, iou = self.model.mask_decoder(self.features, pe, sparse, dense, multimask)
        m = F.interpolate(low, (1024, 1024), mode="bilinear", align_corners=False)
        m = m[..., :self.input_size[0], :self.input_size[1]]
        m = F.interpolate(m, self.original_size, mode="bilinear", align_corners=False)
        return (m > 0)[0], iou[0], low[0]


# --- Fixtures -----------------------------------------------------------------------------------

def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5, generator=g)
                m.bias.normal_(0, 0.1, generator=g)
                m.running_mean.normal_(0, 0.1, generator=g)
                m.running_var.uniform_(0.5, 1.5, generator=g)
                m.num_batches_tracked.fill_(1000)
            elif isinstance(m, (nn.LayerNorm, LayerNorm2d)):
                m.weight.uniform_(0.8, 1.2, generator=g)
                m.bias.normal_(0, 0.05, generator=g)
            elif isinstance(m, Attention):
                m.attention_biases.normal_(0, 0.5, generator=g)
            elif isinstance(m, nn.Embedding):
                m.weight.normal_(0, 1, generator=g)
        model.prompt_encoder.pe_layer.positional_encoding_gaussian_matrix.normal_(0, 1, generator=g)


def make_photo(h, w, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack([60 + 120 * x / w, 80 + 100 * y / h, 140 - 60 * x / w], axis=-1)
    for i, colour in enumerate([(220, 40, 40), (30, 200, 60), (240, 220, 30)]):
        cy, cx = h * (0.3 + 0.2 * i), w * (0.25 + 0.25 * i)
        inside = ((y - cy) / (0.18 * h)) ** 2 + ((x - cx) / (0.15 * w)) ** 2 < 1
        img[inside] = colour
    img += rng.normal(0, 4, img.shape)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def cases(h, w):
    p = lambda fx, fy: [w * fx, h * fy]
    return [
        ("c0", np.array([p(0.25, 0.3)]), np.array([1]), None, None, True),
        ("c1", np.array([p(0.5, 0.5), p(0.55, 0.45), p(0.8, 0.2)]), np.array([1, 1, 0]), None, None, False),
        ("c2", np.zeros((0, 2)), np.zeros((0,), dtype=np.int64), np.array([w * 0.1, h * 0.15, w * 0.6, h * 0.7]), None, False),
        ("c3", np.array([p(0.3, 0.4)]), np.array([0]), np.array([w * 0.1, h * 0.15, w * 0.6, h * 0.7]), None, False),
        ("c4", np.array([p(0.5, 0.5), p(0.55, 0.45), p(0.8, 0.2)]), np.array([1, 1, 0]), None, "c0", False),
        ("c5", np.array([[float(w), 0.0]]), np.array([1]), None, None, False),
    ]


def make(args):
    from PIL import Image
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    model = MobileSam().eval()
    randomize(model, args.seed)
    os.makedirs(args.out, exist_ok=True)
    torch.save(collections.OrderedDict(model.state_dict()), os.path.join(args.out, "weights.pt"))
    photo = make_photo(args.height, args.width, args.seed)
    Image.fromarray(photo).save(os.path.join(args.out, "photo.png"))
    resized = resize_longest_side(photo)
    pred = Predictor(model)
    t0 = time.perf_counter()
    pred.set_resized(resized, (args.height, args.width))
    encode = time.perf_counter() - t0
    ref = {"photo": torch.from_numpy(photo.copy()), "resized": torch.from_numpy(resized.copy()),
           "original_size": torch.tensor([args.height, args.width]),
           "input_size": torch.tensor(list(resized.shape[:2])), "embedding": pred.features}
    lows = {}
    for name, points, labels, box, mask_from, multi in cases(args.height, args.width):
        mask_input = None
        if mask_from is not None:
            low, iou = lows[mask_from]
            mask_input = low[int(iou.argmax())][None].numpy()
        t0 = time.perf_counter()
        masks, iou, low = pred.predict(points if len(points) else None, labels, box, mask_input, multi)
        decode = time.perf_counter() - t0
        lows[name] = (low, iou)
        ref[name + ".points"] = torch.as_tensor(points, dtype=torch.float64).reshape(-1, 2)
        ref[name + ".labels"] = torch.as_tensor(labels, dtype=torch.int64)
        if box is not None:
            ref[name + ".box"] = torch.as_tensor(box, dtype=torch.float64)
        if mask_input is not None:
            ref[name + ".mask_input"] = torch.as_tensor(mask_input)
        ref[name + ".multimask"] = torch.tensor(int(multi))
        ref[name + ".low_res"] = low.contiguous()
        ref[name + ".iou"] = iou.contiguous()
        ref[name + ".masks"] = masks.to(torch.uint8).contiguous()
        print("%s: %d masks, %.1f %% positive, iou %s, decode %.3f s" % (
            name, masks.shape[0], 100 * masks.float().mean().item(), [round(v, 3) for v in iou.tolist()], decode))
    torch.save(ref, os.path.join(args.out, "ref.pt"))
    print("encode %.3f s (encoder forward at 1024, 2 threads)" % encode)


def bench_prompts(h, w):
    """The prompts instyle-bench-sam times (photo pixels): name, points, labels, box, multimask, refine."""
    p = lambda fx, fy: [w * fx, h * fy]
    three = np.array([p(0.5, 0.5), p(0.55, 0.45), p(0.8, 0.2)])
    return [
        ("decode_point", np.array([p(0.25, 0.3)]), np.array([1]), None, True, False),
        ("decode_points", three, np.array([1, 1, 0]), None, False, False),
        ("decode_box", np.array([p(0.3, 0.4)]), np.array([0]), np.array([w * 0.1, h * 0.15, w * 0.6, h * 0.7]), False, False),
        ("decode_refine", three, np.array([1, 1, 0]), None, False, True),
    ]


def bench(args):
    """Medians over --reps of what instyle-bench-sam times, as one RESULT line (seconds)."""
    torch.set_num_threads(args.threads)
    model = MobileSam().eval()
    if args.weights and os.path.exists(args.weights):
        model.load_state_dict(torch.load(args.weights), strict=True)
    else:
        randomize(model, args.seed)
        if args.weights:
            torch.save(collections.OrderedDict(model.state_dict()), args.weights)
    h, w = args.height, args.width
    photo = make_photo(h, w, args.seed)
    pred = Predictor(model)
    enc = model.image_encoder
    times = collections.defaultdict(list)

    def clock(name, f):
        t0 = time.perf_counter()
        out = f()
        times[name].append(time.perf_counter() - t0)
        return out

    @torch.no_grad()
    def encoder_parts(x):
        t0 = time.perf_counter()
        x = enc.patch_embed(x)
        times["patch_embed"].append(time.perf_counter() - t0)
        for i, layer in enumerate(enc.layers):
            t0 = time.perf_counter()
            x = layer(x)
            times["layers.%d" % i].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        enc.neck(x.view(len(x), 64, 64, -1).permute(0, 3, 1, 2))
        times["neck"].append(time.perf_counter() - t0)

    for rep in range(args.reps + 1):  # the first round warms up
        if rep == 1:
            times.clear()
        clock("encode", lambda: pred.set_resized(resize_longest_side(photo), (h, w)))
        resized = clock("resize", lambda: resize_longest_side(photo))
        x = torch.as_tensor(resized).permute(2, 0, 1).contiguous()[None]
        x = (x - torch.tensor(PIXEL_MEAN).view(-1, 1, 1)) / torch.tensor(PIXEL_STD).view(-1, 1, 1)
        encoder_parts(F.pad(x, (0, 1024 - x.shape[-1], 0, 1024 - x.shape[-2])))
        best_low = None  # the refine prompt's mask input: the best mask of the one-point decode
        for name, points, labels, box, multi, refine in bench_prompts(h, w):
            mask_input = best_low if refine else None
            masks, iou, low = clock(name, lambda: pred.predict(points, labels, box, mask_input, multi))
            if name == "decode_point":
                best_low = low[int(iou.argmax())][None].numpy()
    print("RESULT threads=%d reps=%d %s" % (
        args.threads, args.reps, " ".join("%s=%.6f" % (k, float(np.median(v))) for k, v in times.items())))


def keys():
    print("key\tshape\tdtype")
    for k, v in MobileSam().state_dict().items():
        print("%s\t%s\t%s" % (k, "x".join(str(s) for s in v.shape), str(v.dtype).replace("torch.", "")))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("keys")
    mk = sub.add_parser("make")
    mk.add_argument("--out", required=True)
    mk.add_argument("--seed", type=int, default=0)
    mk.add_argument("--height", type=int, default=300)
    mk.add_argument("--width", type=int, default=400)
    bn = sub.add_parser("bench")
    bn.add_argument("--weights", help="load this file; if absent, write random weights there")
    bn.add_argument("--seed", type=int, default=0)
    bn.add_argument("--height", type=int, default=1200)
    bn.add_argument("--width", type=int, default=1600)
    bn.add_argument("--threads", type=int, default=2)
    bn.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    if args.cmd == "keys":
        keys()
    elif args.cmd == "bench":
        bench(args)
    else:
        make(args)


if __name__ == "__main__":
    sys.exit(main())
